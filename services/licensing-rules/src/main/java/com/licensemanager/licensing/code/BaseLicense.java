package com.licensemanager.licensing.code;

/**
 * A basic license of a sized family, e.g. {@code PBX6#15}: the PBX (or voicemail) for up to
 * {@code size} registrations.
 */
public record BaseLicense(SizedFamily family, int size) implements LicenseCode {

    public BaseLicense {
        if (family == null) {
            throw new IllegalArgumentException("family is required");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be 1.." + MAX_SIZE + ", was " + size);
        }
    }

    public static BaseLicense pbx(int size) {
        return new BaseLicense(SizedFamily.PBX, size);
    }

    public static BaseLicense voicemail(int size) {
        return new BaseLicense(SizedFamily.VOICEMAIL, size);
    }

    @Override
    public String print() {
        return family.prefix() + '#' + size;
    }

    @Override
    public String toString() {
        return print();
    }
}
