package com.licensemanager.state.units;

/**
 * Why licenses were entered in a unit's ledger; stored in {@code unit_license.reason}, whose check lists the same
 * values.
 */
public enum LicenseEntry {
    /** First licensing of the unit. */
    ASSIGNED,
    /** Licenses added to a licensed unit. */
    ADDED,
    /** Impossible licenses taken off by vendor staff (entered with a negative quantity). */
    REFUNDED,
    /** Licenses that came with a move or an RMA replacement. */
    MOVED_IN
}
