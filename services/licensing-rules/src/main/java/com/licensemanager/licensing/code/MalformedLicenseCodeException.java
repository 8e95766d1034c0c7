package com.licensemanager.licensing.code;

/** A license code that cannot be parsed; the message names the code and the problem. */
public final class MalformedLicenseCodeException extends IllegalArgumentException {

    private final String code;
    private final LicenseCodeProblem problem;

    public MalformedLicenseCodeException(String code, LicenseCodeProblem problem, String detail) {
        super("Malformed license code " + quote(code) + ": " + detail + " (" + problem + ")");
        this.code = code;
        this.problem = problem;
    }

    /** The text that was given, possibly null. */
    public String code() {
        return code;
    }

    public LicenseCodeProblem problem() {
        return problem;
    }

    private static String quote(String code) {
        return code == null ? "<null>" : '"' + code + '"';
    }
}
