package com.licensemanager.licensing.key;

import com.licensemanager.licensing.testing.Gen;
import com.licensemanager.licensing.testing.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ActivationKeyTest {

    static final Gen<ActivationKey> KEYS = random -> ActivationKey.generate(random);
    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    @Test
    void generatedKeysAreFiveGroupsOfFiveFromTheAlphabet() {
        ActivationKey key = ActivationKey.generate(new SecureRandom());
        assertThat(key.toString()).matches("[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}");
        assertThat(key.compact()).hasSize(25).isEqualTo(key.toString().replace("-", ""));
        assertThat(key.scanPayload()).isEqualTo("LMKEY:" + key);
        assertThat(ActivationKey.ENTROPY_BITS).isGreaterThanOrEqualTo(100);
    }

    @Test
    void theDocumentedExampleIsAValidKey() {
        ActivationKey key = ActivationKey.parse("4S9HC-2JRTH-PJ7J6-361ZG-1B6JB");
        assertThat(key.scanPayload()).isEqualTo("LMKEY:4S9HC-2JRTH-PJ7J6-361ZG-1B6JB");
    }

    @Test
    void generationWithTheSameSeedIsReproducibleAndSecureKeysDoNotRepeat() {
        assertThat(ActivationKey.generate(new SplittableRandom(7))).isEqualTo(ActivationKey.generate(new SplittableRandom(7)));
        Set<ActivationKey> keys = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            keys.add(ActivationKey.generate());
        }
        assertThat(keys).hasSize(10_000);
    }

    @Test
    void generationUsesTheWholeAlphabetEvenly() {
        int[] counts = new int[32];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 4_000; i++) {
            ActivationKey.generate(random).compact().substring(0, 24).chars()
                    .forEach(c -> counts[ALPHABET.indexOf(c)]++);
        }
        // 96,000 symbols: 3,000 expected per symbol; 2,700..3,300 is over 5 standard deviations wide.
        assertThat(java.util.Arrays.stream(counts).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(2_700, 3_300));
    }

    @Test
    void typedKeysAreNormalised() {
        ActivationKey key = ActivationKey.generate(new SplittableRandom(1));
        String canonical = key.toString();
        assertThat(ActivationKey.parse(canonical.toLowerCase(Locale.ROOT))).isEqualTo(key);
        assertThat(ActivationKey.parse(key.compact())).isEqualTo(key);
        assertThat(ActivationKey.parse("  " + canonical.replace('-', ' ') + "\t")).isEqualTo(key);
        assertThat(ActivationKey.parse(canonical.replace("-", "\u2013"))).isEqualTo(key);
        assertThat(ActivationKey.parse(canonical.replace("-", "\u00A0"))).isEqualTo(key);
        assertThat(ActivationKey.parse(key.scanPayload())).isEqualTo(key);
        assertThat(ActivationKey.parse("lmkey:" + key.compact())).isEqualTo(key);
    }

    @Test
    void lookAlikeLettersReadAsDigits() {
        SplittableRandom random = new SplittableRandom(11);
        ActivationKey key;
        do {
            key = ActivationKey.generate(random);
        } while (!key.compact().contains("0") || !key.compact().contains("1"));
        String canonical = key.toString();
        assertThat(ActivationKey.parse(canonical.replace('0', 'O').replace('1', 'I'))).isEqualTo(key);
        assertThat(ActivationKey.parse(canonical.replace('0', 'o').replace('1', 'l'))).isEqualTo(key);
        assertThat(ActivationKey.parse(canonical.replace('1', 'L'))).isEqualTo(key);
        assertThat(ActivationKey.parse(canonical.replace('1', 'i'))).isEqualTo(key);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''                                  | EMPTY",
            "' - - '                             | EMPTY",
            "LMKEY:                              | EMPTY",
            "ABCDE-FGHJK-MNPQR-STVWX-YZ01U       | INVALID_CHARACTER",
            "ABCDE-FGHJK-MNPQR-STVWX-YZ01*       | INVALID_CHARACTER",
            "ABCDE_FGHJK-MNPQR-STVWX-YZ012       | INVALID_CHARACTER",
            "ABCDE-FGHJK-MNPQR-STVWX-YZ0Ä2       | INVALID_CHARACTER",
            "ABCDE-FGHJK-MNPQR-STVWX-YZ01        | WRONG_LENGTH",
            "ABCDE-FGHJK-MNPQR-STVWX-YZ0123      | WRONG_LENGTH",
    })
    void malformedKeysAreRejectedWithAReason(String text, KeyReason reason) {
        MalformedActivationKeyException e = catchThrowableOfType(MalformedActivationKeyException.class,
                () -> ActivationKey.parse(text));
        assertThat(e).as(text).isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).contains(reason.name());
    }

    @Test
    void aWrongCheckSymbolIsRejectedWithoutEchoingTheKey() {
        ActivationKey key = ActivationKey.generate(new SplittableRandom(3));
        char last = key.compact().charAt(24);
        String wrong = key.compact().substring(0, 24) + (last == '0' ? '1' : '0');
        MalformedActivationKeyException e = catchThrowableOfType(MalformedActivationKeyException.class,
                () -> ActivationKey.parse(wrong));
        assertThat(e.reason()).isEqualTo(KeyReason.CHECK_SYMBOL_MISMATCH);
        assertThat(e.getMessage()).doesNotContain(wrong.substring(0, 10));
        assertThatThrownBy(() -> ActivationKey.parse(null)).isInstanceOf(MalformedActivationKeyException.class);
        assertThatThrownBy(() -> new ActivationKey(wrong)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void propertyParseOfPrintIsIdentity() {
        Properties.forAll(1000, KEYS, key -> {
            assertThat(ActivationKey.parse(key.toString())).isEqualTo(key);
            assertThat(ActivationKey.parse(key.compact())).isEqualTo(key);
            assertThat(ActivationKey.parse(key.scanPayload())).isEqualTo(key);
            assertThat(ActivationKey.parse(key.toString().toLowerCase(Locale.ROOT))).isEqualTo(key);
        });
    }

    @Test
    void propertyEverySymbolSubstitutionIsRejected() {
        Properties.forAll(300, KEYS, key -> {
            String symbols = key.compact();
            for (int i = 0; i < symbols.length(); i++) {
                for (char c : ALPHABET.toCharArray()) {
                    if (c != symbols.charAt(i)) {
                        String typo = symbols.substring(0, i) + c + symbols.substring(i + 1);
                        assertThatThrownBy(() -> ActivationKey.parse(typo)).as(typo)
                                .isInstanceOfSatisfying(MalformedActivationKeyException.class,
                                        e -> assertThat(e.reason()).isEqualTo(KeyReason.CHECK_SYMBOL_MISMATCH));
                    }
                }
            }
        });
    }

    @Test
    void propertyEveryAdjacentTranspositionIsRejected() {
        Properties.forAll(1000, KEYS, key -> {
            String printed = key.toString();
            for (int i = 0; i + 1 < printed.length(); i++) {
                char[] chars = printed.toCharArray();
                char t = chars[i];
                chars[i] = chars[i + 1];
                chars[i + 1] = t;
                assertTypoHarmless(key, new String(chars));
            }
        });
    }

    @Test
    void propertyAnySingleCharacterTypoOfThePrintedKeyIsRejectedOrReadsAsTheSameKey() {
        String typoCharacters = ALPHABET + "abcxyzILOUilou-_ .*";
        Properties.forAll(200, KEYS, key -> {
            String printed = key.toString();
            for (int i = 0; i < printed.length(); i++) {
                for (char c : typoCharacters.toCharArray()) {
                    assertTypoHarmless(key, printed.substring(0, i) + c + printed.substring(i + 1));
                }
            }
        });
    }

    /**
     * A typo must never be read as ANOTHER key. It may read as the same key only when it changes
     * nothing but case, look-alikes or separators (e.g. a hyphen swapped with its neighbour).
     */
    private static void assertTypoHarmless(ActivationKey key, String typo) {
        try {
            ActivationKey parsed = ActivationKey.parse(typo);
            assertThat(parsed).as("typo %s", typo).isEqualTo(key);
        } catch (MalformedActivationKeyException rejected) {
            // rejected before any look-up: what we want
        }
    }
}
