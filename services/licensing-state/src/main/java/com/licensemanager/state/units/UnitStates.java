package com.licensemanager.state.units;

import com.licensemanager.licensing.mac.MacAddress;
import com.licensemanager.platform.db.tables.records.UnitRecord;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.schemas.licensing.UnitStatus;
import com.licensemanager.state.licenses.LicenseLines;
import org.jooq.DSLContext;

import java.time.Clock;

import static com.licensemanager.platform.db.Tables.UNIT;

/** The full current state of one unit, as published on the compacted {@code licensing.units.v1}. */
public class UnitStates {

    private final DSLContext db;
    private final Units units;
    private final LicenseFiles files;
    private final Clock clock;

    public UnitStates(DSLContext db, Units units, LicenseFiles files, Clock clock) {
        this.db = db;
        this.units = units;
        this.files = files;
        this.clock = clock;
    }

    public UnitState current(String mac) {
        UnitRecord unit = db.update(UNIT).set(UNIT.VERSION, UNIT.VERSION.plus(1))
                .where(UNIT.MAC.eq(mac)).returning().fetchSingle();
        boolean rma = UnitStatus.valueOf(unit.getStatus()) == UnitStatus.RMA;
        // Licenses moved off a unit, or of a unit in repair, are no longer to be downloaded from it.
        boolean downloadable = !rma && unit.getMovedTo() == null;
        return UnitState.newBuilder()
                .setMac(mac)
                .setDisplayedMac(rma ? MacAddress.parse(mac).toRma().toString() : mac)
                .setModel(unit.getModel())
                .setStatus(rma ? UnitStatus.RMA : UnitStatus.OK)
                .setOwner(unit.getOwner())
                .setAssignedBy(unit.getAssignedBy())
                .setEndUser(unit.getEndUser())
                .setLicenses(LicenseLines.toLines(units.licenses(mac)))
                .setCopyOf(unit.getCopyOf())
                .setMovedTo(unit.getMovedTo())
                .setEndCustomer(unit.getEndCustomer())
                .setLocation(unit.getLocation())
                .setComment1(unit.getComment1())
                .setComment2(unit.getComment2())
                .setLicenseFile(downloadable ? files.latest(mac).orElse(null) : null)
                .setVersion(unit.getVersion())
                .setUpdatedAt(clock.instant())
                .build();
    }
}
