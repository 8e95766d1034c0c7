package com.licensemanager.state.accounts;

/** A License Manager account: a login of the portal's identity provider, by the id the portal gives it. */
public record Account(String accountId, String email, String company, String groupId) {

    /** Whose balance the account uses and whose units it sees: its group's, or its own. */
    public String balanceOwner() {
        return groupId != null ? groupId : accountId;
    }
}
