package com.licensemanager.licensing.file;

/** A signing key that cannot be used: unreadable PEM, not Ed25519, or a mismatched pair. */
public final class SigningKeyException extends IllegalArgumentException {

    public SigningKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
