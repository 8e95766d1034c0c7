package com.licensemanager.requests.decision;

import com.licensemanager.licensing.mac.MalformedMacAddressException;
import com.licensemanager.licensing.unit.RuleViolation;
import com.licensemanager.schemas.common.Rejection;
import com.licensemanager.state.balances.Balances;

/** Builds the {@link Rejection}s of results, with the reason names the contract promises. */
public final class Rejections {

    private Rejections() {
    }

    public static Rejection of(Reason reason, String subject, String message) {
        return new Rejection(reason.name(), subject, message);
    }

    public static Rejection of(MalformedMacAddressException malformed, String mac) {
        return new Rejection("MAC_" + malformed.reason().name(), mac, malformed.getMessage());
    }

    public static Rejection of(RuleViolation violation) {
        return new Rejection(violation.reason().name(), violation.code() == null ? null : violation.code().print(),
                violation.message());
    }

    public static Rejection of(Balances.Shortfall shortfall) {
        String code = shortfall.code().print();
        return of(Reason.INSUFFICIENT_BALANCE, code, "requested " + shortfall.requested() + " of " + code
                + " but only " + shortfall.available() + " are available");
    }

    /** Said for anything the actor may not touch, whether or not it exists, so that nothing is given away. */
    public static Rejection notPermitted(String subject) {
        return of(Reason.NOT_PERMITTED, subject, "not permitted");
    }
}
