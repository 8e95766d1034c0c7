package com.licensemanager.licensing.key;

/** Why a typed or scanned key is rejected before any look-up. Names are stable. */
public enum KeyReason {
    /** null, or nothing but separators. */
    EMPTY,
    /** A character outside the key alphabet (after normalisation), e.g. {@code U} or {@code *}. */
    INVALID_CHARACTER,
    /** Not 25 symbols. */
    WRONG_LENGTH,
    /** The check symbol does not match: some symbol is mistyped or two are swapped. */
    CHECK_SYMBOL_MISMATCH
}
