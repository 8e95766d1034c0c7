package com.licensemanager.state.units;

import com.licensemanager.licensing.mac.MacAddress;
import com.licensemanager.platform.db.tables.records.UnitRecord;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.schemas.licensing.UnitStatus;
import com.licensemanager.state.licenses.LicenseLines;
import org.jooq.DSLContext;

import java.time.Clock;
import java.util.Optional;

import static com.licensemanager.platform.db.Tables.UNIT;

/** The full current state of one unit, as published on the compacted {@code licensing.units.v1}. */
public class UnitStates {

    private final DSLContext db;
    private final Units units;
    private final Clock clock;

    public UnitStates(DSLContext db, Units units, Clock clock) {
        this.db = db;
        this.units = units;
        this.clock = clock;
    }

    /** The unit's state with the next version, to be published now. */
    public UnitState current(String mac) {
        return state(db.update(UNIT).set(UNIT.VERSION, UNIT.VERSION.plus(1))
                .where(UNIT.MAC.eq(mac)).returning().fetchSingle());
    }

    /**
     * The state last published for the unit (or waiting in the outbox), read without changing anything: the
     * operator's lookup. Empty when no unit has this MAC.
     */
    public Optional<UnitState> lastPublished(String mac) {
        return db.selectFrom(UNIT).where(UNIT.MAC.eq(mac)).fetchOptional().map(this::state);
    }

    private UnitState state(UnitRecord unit) {
        String mac = unit.getMac();
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
                .setLicenseFile(downloadable ? units.latestFile(mac).map(LicenseFiles::toAvro).orElse(null) : null)
                .setVersion(unit.getVersion())
                .setUpdatedAt(clock.instant())
                .build();
    }
}
