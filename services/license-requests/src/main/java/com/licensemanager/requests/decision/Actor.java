package com.licensemanager.requests.decision;

import com.licensemanager.state.accounts.Account;

/** The registered account a request acts for, with the balance it uses. */
public record Actor(Account account) {

    public String accountId() {
        return account.accountId();
    }

    public String balanceOwner() {
        return account.balanceOwner();
    }
}
