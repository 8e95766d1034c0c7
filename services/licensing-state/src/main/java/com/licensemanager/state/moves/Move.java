package com.licensemanager.state.moves;

import com.licensemanager.licensing.code.LicenseBundle;

import java.time.Instant;
import java.util.UUID;

/**
 * All licenses of one unit, moved to another. A MOVE must see its old unit back at the vendor before the deadline;
 * an RMA_REPLACEMENT (the old unit is in repair) has no deadline.
 */
public record Move(UUID id, Kind kind, String owner, String movedBy, String fromMac, String toMac, Instant movedAt,
                   Instant deadline, LicenseBundle licenses) {

    public enum Kind { MOVE, RMA_REPLACEMENT }

    /** How a move ends, exactly once. */
    public enum Outcome { RETURNED, CHARGED, REPLACED }
}
