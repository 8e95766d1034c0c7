package com.licensemanager.state.units;

import com.licensemanager.platform.db.tables.records.UnitRecord;

/** A shipped unit as the license requests see it. */
public record Unit(String mac, String model, String owner, String endUser, UnitStatus status,
                   String movedTo) {

    static Unit of(UnitRecord record) {
        return new Unit(record.getMac(), record.getModel(), record.getOwner(), record.getEndUser(),
                UnitStatus.valueOf(record.getStatus()),
                record.getMovedTo());
    }

    public boolean ownedBy(String balanceOwner) {
        return balanceOwner.equals(owner);
    }

    public boolean licensesMovedAway() {
        return movedTo != null;
    }

    public boolean inRma() {
        return status == UnitStatus.RMA;
    }
}
