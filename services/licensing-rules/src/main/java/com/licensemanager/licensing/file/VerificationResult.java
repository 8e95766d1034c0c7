package com.licensemanager.licensing.file;

/** Outcome of {@link LicenseFileVerifier#verify}. */
public sealed interface VerificationResult {

    boolean valid();

    /** The file is authentic; {@code file} is what it says. */
    record Valid(ParsedLicenseFile file) implements VerificationResult {
        @Override
        public boolean valid() {
            return true;
        }

        public LicenseFileContent content() {
            return file.content();
        }
    }

    /** The file must not be trusted. */
    record Invalid(LicenseFileProblem problem, String message) implements VerificationResult {
        @Override
        public boolean valid() {
            return false;
        }
    }
}
