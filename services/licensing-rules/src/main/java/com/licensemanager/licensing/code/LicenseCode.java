package com.licensemanager.licensing.code;

import java.util.Comparator;

/**
 * One license type of the version-6 vocabulary, as carried by orders, activation keys, portal
 * commands and license files. Quantities are never part of a code; see {@link LicenseBundle}.
 *
 * <p>{@link #parse(String)} accepts exactly what {@link #print()} produces, ignoring ASCII letter case.
 */
public sealed interface LicenseCode permits CountLicense, BaseLicense, UpgradeLicense {

    /** Largest registration size a PBX or voicemail code may name; five digits keep codes short. */
    int MAX_SIZE = 99_999;

    /**
     * Deterministic order used for printing bundles and license files: PBX base, PBX upgrades,
     * voicemail base, voicemail upgrades (each by size), then the count licenses in declaration order.
     * It is consistent with {@code equals}.
     */
    Comparator<LicenseCode> CANONICAL_ORDER = Comparator
            .comparingInt(LicenseCode::orderGroup)
            .thenComparingInt(LicenseCode::orderPrimary)
            .thenComparingInt(LicenseCode::orderSecondary);

    /** The canonical printed form, e.g. {@code PBX6#30@15} or {@code Registrations}. */
    String print();

    /**
     * Parses a printed code.
     *
     * @throws MalformedLicenseCodeException naming the code and what is wrong with it
     */
    static LicenseCode parse(String text) {
        return LicenseCodeParser.parse(text);
    }

    private static int orderGroup(LicenseCode code) {
        return switch (code) {
            case BaseLicense b -> b.family().ordinal() * 2;
            case UpgradeLicense u -> u.family().ordinal() * 2 + 1;
            case CountLicense c -> SizedFamily.values().length * 2 + c.ordinal();
        };
    }

    private static int orderPrimary(LicenseCode code) {
        return switch (code) {
            case BaseLicense b -> b.size();
            case UpgradeLicense u -> u.fromSize();
            case CountLicense c -> 0;
        };
    }

    private static int orderSecondary(LicenseCode code) {
        return code instanceof UpgradeLicense u ? u.toSize() : 0;
    }
}
