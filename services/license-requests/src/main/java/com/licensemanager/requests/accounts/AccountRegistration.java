package com.licensemanager.requests.accounts;

import com.licensemanager.requests.decision.Reason;
import com.licensemanager.requests.decision.Rejections;
import com.licensemanager.requests.decision.TextInput;
import com.licensemanager.requests.decision.Verdict;
import com.licensemanager.schemas.common.Rejection;
import com.licensemanager.schemas.licensing.AccountRegistered;
import com.licensemanager.schemas.portal.RegisterAccount;
import com.licensemanager.state.accounts.Accounts;
import com.licensemanager.state.accounts.BatchAccounts;
import com.licensemanager.state.publication.Changes;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Makes a portal login known to the License Manager, under the id the portal's identity provider gives it. The
 * e-mail is what end-user sharing refers to; passwords never reach this service.
 */
public class AccountRegistration {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    public Verdict register(BatchAccounts accounts, String accountId, RegisterAccount command, Changes changes) {
        String email = Accounts.normalisedEmail(command.getEmail());
        String company = command.getCompany() == null ? "" : command.getCompany().strip();
        List<Rejection> rejections = new ArrayList<>();
        // As they would be stored: surrounding white space (a pasted tab) is trimmed, not refused.
        TextInput.check("email", email, TextInput.EMAIL, rejections);
        TextInput.check("company", company, TextInput.COMPANY, rejections);
        if (!rejections.isEmpty()) {
            return Verdict.rejected(rejections);
        }
        boolean emailValid = EMAIL.matcher(email).matches();
        if (!emailValid) {
            rejections.add(Rejections.of(Reason.EMAIL_INVALID, command.getEmail(), "not an e-mail address"));
        }
        if (company.isEmpty()) {
            rejections.add(Rejections.of(Reason.COMPANY_MISSING, null, "the company is required"));
        }
        if (accounts.find(accountId).isPresent()) {
            rejections.add(Rejections.of(Reason.ACCOUNT_ALREADY_REGISTERED, accountId,
                    "account " + accountId + " is registered already"));
        } else if (emailValid && accounts.findByEmail(email).isPresent()) {
            rejections.add(Rejections.of(Reason.EMAIL_ALREADY_REGISTERED, email,
                    "another account is registered with this e-mail"));
        }
        if (!rejections.isEmpty()) {
            return Verdict.rejected(rejections);
        }
        accounts.register(accountId, email, company);
        changes.balance(accountId);
        return Verdict.accepted(new AccountRegistered(accountId, email, company));
    }
}
