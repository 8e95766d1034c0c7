package com.licensemanager.state.units;

/** A unit's status; stored in {@code unit.status}, whose check lists the same values. */
public enum UnitStatus {
    /** In service. */
    OK,
    /** Received by the repair desk; its licenses wait to be assigned to the replacement. */
    RMA
}
