package com.licensemanager.licensing.key;

/**
 * Crockford's base-32 alphabet and the check symbol over GF(32).
 *
 * <p>The check: read the 25 symbols as elements of GF(32) = GF(2)[x]/(x^5+x^2+1); the key is valid
 * when the sum of v_i * a^(24-i) is zero (a = x, a primitive element of order 31). A substitution
 * adds e * a^k with e != 0: never zero. Swapping two different symbols at positions i and j adds
 * (v_i + v_j)(a^(24-i) + a^(24-j)), and the powers differ because 24-i and 24-j differ by less than
 * 31: never zero. So every single substitution and every transposition, adjacent or not, is caught.
 */
final class KeyAlphabet {

    static final String SYMBOLS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final int[] VALUE = new int[128];

    static {
        java.util.Arrays.fill(VALUE, -1);
        for (int i = 0; i < SYMBOLS.length(); i++) {
            VALUE[SYMBOLS.charAt(i)] = i;
        }
    }

    private KeyAlphabet() {
    }

    /** Value of a canonical symbol, or -1. */
    static int value(char symbol) {
        return symbol < 128 ? VALUE[symbol] : -1;
    }

    static char symbol(int value) {
        return SYMBOLS.charAt(value);
    }

    /** Horner evaluation of the symbols as a polynomial at a (multiply by x, add). */
    static int syndrome(CharSequence symbols) {
        int s = 0;
        for (int i = 0; i < symbols.length(); i++) {
            s = timesX(s) ^ value(symbols.charAt(i));
        }
        return s;
    }

    /** The symbol that, appended to {@code data}, makes the syndrome zero. */
    static char checkSymbol(CharSequence data) {
        return symbol(timesX(syndrome(data)));
    }

    private static int timesX(int v) {
        int shifted = v << 1;
        return (shifted & 0x20) != 0 ? (shifted ^ 0x25) : shifted;
    }
}
