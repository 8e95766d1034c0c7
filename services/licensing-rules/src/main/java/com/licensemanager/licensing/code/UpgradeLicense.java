package com.licensemanager.licensing.code;

/**
 * An upgrade of a sized family, e.g. {@code PBX6#30@15}: raises a unit whose PBX (or voicemail) is
 * at {@code fromSize} registrations to {@code toSize}. Printed as {@code <prefix>#<to>@<from>}.
 */
public record UpgradeLicense(SizedFamily family, int fromSize, int toSize) implements LicenseCode {

    public UpgradeLicense {
        if (family == null) {
            throw new IllegalArgumentException("family is required");
        }
        if (fromSize < 1 || fromSize > MAX_SIZE || toSize < 1 || toSize > MAX_SIZE) {
            throw new IllegalArgumentException(
                    "sizes must be 1.." + MAX_SIZE + ", were " + fromSize + " and " + toSize);
        }
        if (toSize <= fromSize) {
            throw new IllegalArgumentException(
                    "an upgrade must increase the size, " + fromSize + " -> " + toSize + " does not");
        }
    }

    public static UpgradeLicense pbx(int fromSize, int toSize) {
        return new UpgradeLicense(SizedFamily.PBX, fromSize, toSize);
    }

    public static UpgradeLicense voicemail(int fromSize, int toSize) {
        return new UpgradeLicense(SizedFamily.VOICEMAIL, fromSize, toSize);
    }

    @Override
    public String print() {
        return family.prefix() + '#' + toSize + '@' + fromSize;
    }

    @Override
    public String toString() {
        return print();
    }
}
