package com.licensemanager.licensing.unit;

import com.licensemanager.licensing.code.LicenseCode;

/**
 * One broken rule for one requested license code.
 *
 * @param reason  stable machine-readable reason
 * @param code    the requested code that breaks the rule
 * @param message explanation for people, naming the model and the numbers involved
 */
public record RuleViolation(RuleReason reason, LicenseCode code, String message) {

    public RuleViolation {
        if (reason == null || code == null || message == null || message.isBlank()) {
            throw new IllegalArgumentException("reason, code and message are required");
        }
    }

    @Override
    public String toString() {
        return reason + " " + code.print() + ": " + message;
    }
}
