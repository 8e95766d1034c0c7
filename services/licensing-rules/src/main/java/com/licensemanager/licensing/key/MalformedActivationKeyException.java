package com.licensemanager.licensing.key;

/** A key rejected as malformed; no look-up is needed to know it cannot exist. */
public final class MalformedActivationKeyException extends IllegalArgumentException {

    private final KeyReason reason;

    public MalformedActivationKeyException(KeyReason reason, String detail) {
        // The input is deliberately not echoed: a near-miss of a real key is worth protecting in logs.
        super("Invalid activation key: " + detail + " (" + reason + ")");
        this.reason = reason;
    }

    public KeyReason reason() {
        return reason;
    }
}
