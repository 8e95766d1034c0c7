package com.licensemanager.licensing.key;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * An activation key (or a transfer key: same format, the License Manager knows which is which):
 * 24 random symbols (120 bits) and one check symbol from Crockford's base-32 alphabet
 * {@code 0-9 A-Z} without {@code I L O U}, printed in five groups of five for reading aloud, e.g.
 * {@code 4S9HC-2JRTH-PJ7J6-361ZG-1B6JB}.
 *
 * <p>{@link #parse} normalises what people type or scanners send: ASCII case is ignored, {@code O}
 * reads as {@code 0}, {@code I} and {@code L} read as {@code 1}, spaces, tabs and hyphens (also
 * Unicode dashes and no-break spaces) are ignored, and a leading {@value #SCAN_PREFIX} is dropped.
 * Then the check symbol rejects every single mistyped symbol and every swap of two symbols before
 * any look-up.
 *
 * @param symbols the 25 canonical symbols without separators
 */
public record ActivationKey(String symbols) {

    /** Random symbols in a key. */
    public static final int DATA_SYMBOLS = 24;
    /** Symbols including the check symbol. */
    public static final int LENGTH = DATA_SYMBOLS + 1;
    /** Random bits in a key. */
    public static final int ENTROPY_BITS = DATA_SYMBOLS * 5;
    /** Prefix of the text in a key's QR code or barcode. */
    public static final String SCAN_PREFIX = "LMKEY:";

    private static final int GROUP = 5;

    public ActivationKey {
        if (symbols == null || symbols.length() != LENGTH
                || !symbols.chars().allMatch(c -> KeyAlphabet.value((char) c) >= 0)
                || KeyAlphabet.syndrome(symbols) != 0) {
            throw new IllegalArgumentException("not 25 canonical key symbols with a valid check symbol");
        }
    }

    /**
     * A new key from {@code random}. Keys must be unguessable: production code passes a
     * {@link SecureRandom} (or uses {@link #generate()}); tests may pass a seeded generator.
     */
    public static ActivationKey generate(RandomGenerator random) {
        StringBuilder data = new StringBuilder(LENGTH);
        for (int i = 0; i < DATA_SYMBOLS; i++) {
            data.append(KeyAlphabet.symbol(random.nextInt(32)));
        }
        return new ActivationKey(data.append(KeyAlphabet.checkSymbol(data)).toString());
    }

    /** A new key from a shared {@link SecureRandom}. */
    public static ActivationKey generate() {
        return generate(Randomness.SECURE);
    }

    /**
     * Parses a typed or scanned key.
     *
     * @throws MalformedActivationKeyException with the reason the key cannot exist
     */
    public static ActivationKey parse(String text) {
        if (text == null) {
            throw new MalformedActivationKeyException(KeyReason.EMPTY, "a key is required");
        }
        String body = text.strip();
        if (body.regionMatches(true, 0, SCAN_PREFIX, 0, SCAN_PREFIX.length())) {
            body = body.substring(SCAN_PREFIX.length());
        }
        StringBuilder symbols = new StringBuilder(LENGTH);
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (isSeparator(c)) {
                continue;
            }
            char normal = normalise(c);
            if (KeyAlphabet.value(normal) < 0) {
                throw new MalformedActivationKeyException(KeyReason.INVALID_CHARACTER,
                        describe(c) + " is not a key symbol (keys use 0-9 and A-Z without I, L, O, U)");
            }
            symbols.append(normal);
        }
        if (symbols.isEmpty()) {
            throw new MalformedActivationKeyException(KeyReason.EMPTY, "a key is required");
        }
        if (symbols.length() != LENGTH) {
            throw new MalformedActivationKeyException(KeyReason.WRONG_LENGTH,
                    "a key has " + LENGTH + " symbols, this one has " + symbols.length());
        }
        if (KeyAlphabet.syndrome(symbols) != 0) {
            throw new MalformedActivationKeyException(KeyReason.CHECK_SYMBOL_MISMATCH,
                    "the key is mistyped (check symbol does not match)");
        }
        return new ActivationKey(symbols.toString());
    }

    /** The 25 symbols without separators (what a database column stores). */
    public String compact() {
        return symbols;
    }

    /** Canonical grouped form {@code XXXXX-XXXXX-XXXXX-XXXXX-XXXXX}. */
    @Override
    public String toString() {
        StringBuilder grouped = new StringBuilder(LENGTH + LENGTH / GROUP);
        for (int i = 0; i < LENGTH; i += GROUP) {
            if (i > 0) {
                grouped.append('-');
            }
            grouped.append(symbols, i, i + GROUP);
        }
        return grouped.toString();
    }

    /**
     * The text for a QR code or barcode: {@code LMKEY:} and the grouped form. Every character is in
     * the QR alphanumeric set (and in Code 128), so codes stay small; {@link #parse} accepts it.
     */
    public String scanPayload() {
        return SCAN_PREFIX + this;
    }

    private static boolean isSeparator(char c) {
        return c == '-' || c == ' ' || c == '\t' || c == '\u00A0' || c == '\u202F' || (c >= '\u2010' && c <= '\u2015');
    }

    private static char normalise(char c) {
        char upper = (c >= 'a' && c <= 'z') ? (char) (c - 32) : c;
        return switch (upper) {
            case 'O' -> '0';
            case 'I', 'L' -> '1';
            default -> upper;
        };
    }

    private static String describe(char c) {
        return c >= '!' && c <= '~' ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private static final class Randomness {
        private static final SecureRandom SECURE = new SecureRandom();
    }
}
