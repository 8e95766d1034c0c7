package com.licensemanager.licensing.code;

import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Strict parser behind {@link LicenseCode#parse(String)}. */
final class LicenseCodeParser {

    private static final String KNOWN_NAMES = Stream.concat(
                    Arrays.stream(CountLicense.values()).map(CountLicense::print),
                    Arrays.stream(SizedFamily.values()).map(f -> f.prefix() + "#<size>"))
            .collect(Collectors.joining(", "));

    private LicenseCodeParser() {
    }

    static LicenseCode parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new MalformedLicenseCodeException(text, LicenseCodeProblem.EMPTY, "a license code is required");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // Restricting to ASCII keeps case-insensitive matching unambiguous (no dotless i, long s, ...).
            if (c <= ' ' || c > '~') {
                throw new MalformedLicenseCodeException(text, LicenseCodeProblem.INVALID_CHARACTER,
                        "character " + describe(c) + " at position " + (i + 1)
                                + " is not allowed (printable ASCII without spaces only)");
            }
        }
        int hash = text.indexOf('#');
        String name = hash < 0 ? text : text.substring(0, hash);
        for (CountLicense count : CountLicense.values()) {
            if (count.print().equalsIgnoreCase(name)) {
                if (hash >= 0) {
                    throw new MalformedLicenseCodeException(text, LicenseCodeProblem.UNEXPECTED_SIZE,
                            count.print() + " takes no size; give the number of licenses as the quantity");
                }
                return count;
            }
        }
        for (SizedFamily family : SizedFamily.values()) {
            if (family.prefix().equalsIgnoreCase(name)) {
                if (hash < 0) {
                    throw new MalformedLicenseCodeException(text, LicenseCodeProblem.MISSING_SIZE,
                            "expected " + family.prefix() + "#<size> or " + family.prefix() + "#<to>@<from>");
                }
                return sized(text, family, text.substring(hash + 1));
            }
        }
        throw new MalformedLicenseCodeException(text, LicenseCodeProblem.UNKNOWN_NAME,
                "unknown license name " + '"' + name + '"' + "; known: " + KNOWN_NAMES);
    }

    private static LicenseCode sized(String text, SizedFamily family, String sizes) {
        int at = sizes.indexOf('@');
        if (at < 0) {
            return new BaseLicense(family, size(text, sizes, "size"));
        }
        int to = size(text, sizes.substring(0, at), "upgrade target size");
        int from = size(text, sizes.substring(at + 1), "upgrade source size");
        if (to <= from) {
            throw new MalformedLicenseCodeException(text, LicenseCodeProblem.UPGRADE_NOT_INCREASING,
                    "an upgrade " + family.prefix() + "#<to>@<from> must raise the size, but " + from + " -> " + to
                            + " does not");
        }
        return new UpgradeLicense(family, from, to);
    }

    private static int size(String text, String digits, String what) {
        if (digits.isEmpty()) {
            throw new MalformedLicenseCodeException(text, LicenseCodeProblem.INVALID_SIZE, what + " is missing");
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new MalformedLicenseCodeException(text, LicenseCodeProblem.INVALID_SIZE,
                        what + " " + '"' + digits + '"' + " is not a decimal number");
            }
        }
        // Leading zeros would give two spellings of one code and break parse(print(x)) == x.
        if (digits.charAt(0) == '0') {
            throw new MalformedLicenseCodeException(text, LicenseCodeProblem.INVALID_SIZE,
                    what + " " + '"' + digits + '"' + " must be 1.." + LicenseCode.MAX_SIZE + " without leading zeros");
        }
        if (digits.length() > 5) {
            throw new MalformedLicenseCodeException(text, LicenseCodeProblem.INVALID_SIZE,
                    what + " " + digits + " is above the maximum " + LicenseCode.MAX_SIZE);
        }
        return Integer.parseInt(digits);
    }

    private static String describe(char c) {
        return c == ' ' ? "' ' (space)" : String.format("U+%04X", (int) c);
    }
}
