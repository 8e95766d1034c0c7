package com.licensemanager.licensing.mac;

/** A rejected MAC address or checksum; the message names the input and the problem. */
public final class MalformedMacAddressException extends IllegalArgumentException {

    private final String input;
    private final MacReason reason;

    public MalformedMacAddressException(String input, MacReason reason, String detail) {
        super("Invalid MAC address " + (input == null ? "<null>" : '"' + input + '"') + ": " + detail
                + " (" + reason + ")");
        this.input = input;
        this.reason = reason;
    }

    public String input() {
        return input;
    }

    public MacReason reason() {
        return reason;
    }
}
