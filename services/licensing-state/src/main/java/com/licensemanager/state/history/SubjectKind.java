package com.licensemanager.state.history;

/** What a history entry is about; stored in {@code history_entry.subject_kind}. */
public enum SubjectKind {
    /** A unit, by its MAC. */
    UNIT,
    /** A balance, by its owner (account or group). */
    BALANCE
}
