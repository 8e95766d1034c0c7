package com.licensemanager.licensing.file;

/** A license file that cannot be read as the canonical format. */
public final class MalformedLicenseFileException extends IllegalArgumentException {

    private final LicenseFileProblem problem;

    public MalformedLicenseFileException(LicenseFileProblem problem, String detail) {
        super("Malformed license file: " + detail + " (" + problem + ")");
        this.problem = problem;
    }

    public LicenseFileProblem problem() {
        return problem;
    }
}
