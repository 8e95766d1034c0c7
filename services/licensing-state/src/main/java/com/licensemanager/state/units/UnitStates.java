package com.licensemanager.state.units;

import com.licensemanager.licensing.mac.MacAddress;
import com.licensemanager.platform.db.tables.records.LicenseFileRecord;
import com.licensemanager.platform.db.tables.records.UnitRecord;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.schemas.licensing.UnitStatus;
import com.licensemanager.state.licenses.LicenseLines;
import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.schemas.common.LicenseFile;
import com.licensemanager.platform.sql.RoundTrip;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.Table;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import java.time.Clock;
import java.util.Optional;

import static com.licensemanager.platform.db.Tables.UNIT;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.select;

/** The full current state of units, as published on the compacted {@code licensing.units.v1}. */
public class UnitStates {

    private final DSLContext db;
    private final Units units;
    private final Clock clock;

    public UnitStates(DSLContext db, Units units, Clock clock) {
        this.db = db;
        this.units = units;
        this.clock = clock;
    }

    /**
     * Counts a new version of each unit's state (one per publication) and answers the states under them, by MAC in
     * MAC order. Three statements whatever the number of units: the rows are locked in MAC order (so two batches
     * publishing overlapping units never deadlock) and their versions counted up in one, then their licenses summed
     * and their latest files read, each for all of them at once: sent in one round trip.
     */
    public Map<String, UnitState> newVersions(Collection<String> macs) {
        return RoundTrip.alone(db, trip -> newVersions(macs, trip)::states);
    }

    /** The same, its three statements joined to a round trip: the states are there once it is sent. */
    public Reading newVersions(Collection<String> macs, RoundTrip trip) {
        List<String> named = macs.stream().sorted().distinct().toList();
        if (named.isEmpty()) {
            return new Reading(named, null, null, null);
        }
        // The rows are locked in the subquery, in MAC order, before the update counts them up: an UPDATE alone
        // would lock them in whatever order it finds them.
        Table<Record1<String>> locked = select(UNIT.MAC).from(UNIT)
                .where(UNIT.MAC.eq(any(named.toArray(String[]::new)))).orderBy(UNIT.MAC).forUpdate().asTable("locked");
        return new Reading(named,
                trip.read(db.update(UNIT).set(UNIT.VERSION, UNIT.VERSION.plus(1))
                        .from(locked).where(UNIT.MAC.eq(locked.field(UNIT.MAC))).returning()),
                trip.read(units.licensesOfAllQuery(named)),
                trip.read(units.latestFilesQuery(named)));
    }

    /** The new states of some units, read in a round trip: the rows counted up, their licenses, their latest files. */
    public final class Reading {

        private final List<String> named;
        private final RoundTrip.Rows counted;
        private final RoundTrip.Rows licenses;
        private final RoundTrip.Rows files;

        private Reading(List<String> named, RoundTrip.Rows counted, RoundTrip.Rows licenses, RoundTrip.Rows files) {
            this.named = named;
            this.counted = counted;
            this.licenses = licenses;
            this.files = files;
        }

        /** By MAC in MAC order; fails if one of the units named has no row. */
        public Map<String, UnitState> states() {
            if (named.isEmpty()) {
                return new TreeMap<>();
            }
            Map<String, UnitState> states = statesOf(counted.result().into(UNIT),
                    Units.licensesOfAll(licenses.result()), Units.latestFiles(files.result()));
            for (String mac : named) {
                if (!states.containsKey(mac)) {
                    throw new IllegalStateException("no unit " + mac + " to publish the state of");
                }
            }
            return states;
        }
    }

    /**
     * The state last published for the unit (or waiting in the outbox), read without changing anything: the
     * operator's lookup. Empty when no unit has this MAC.
     */
    public Optional<UnitState> lastPublished(String mac) {
        return db.selectFrom(UNIT).where(UNIT.MAC.eq(mac)).fetchOptional()
                .map(unit -> statesOf(List.of(unit)).get(mac));
    }

    /** The states of the given unit rows, by MAC in MAC order: their licenses and latest files read for all at once. */
    private Map<String, UnitState> statesOf(Collection<UnitRecord> rows) {
        List<String> macs = rows.stream().map(UnitRecord::getMac).toList();
        return statesOf(rows, units.licensesOfAll(macs), units.latestFiles(macs));
    }

    /** The states of the given unit rows with these licenses and latest files, by MAC in MAC order. */
    private Map<String, UnitState> statesOf(Collection<UnitRecord> rows, Map<String, LicenseBundle> licenses,
                                            Map<String, LicenseFileRecord> latestFiles) {
        Map<String, UnitState> states = new TreeMap<>();
        for (UnitRecord unit : rows) {
            LicenseFileRecord latest = latestFiles.get(unit.getMac());
            states.put(unit.getMac(), state(unit, licenses.getOrDefault(unit.getMac(), LicenseBundle.empty()),
                    latest == null ? null : LicenseFiles.toAvro(latest)));
        }
        return states;
    }

    private UnitState state(UnitRecord unit, LicenseBundle licenses, LicenseFile latestFile) {
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
                .setLicenses(LicenseLines.toLines(licenses))
                .setCopyOf(unit.getCopyOf())
                .setMovedTo(unit.getMovedTo())
                .setEndCustomer(unit.getEndCustomer())
                .setLocation(unit.getLocation())
                .setComment1(unit.getComment1())
                .setComment2(unit.getComment2())
                .setLicenseFile(downloadable ? latestFile : null)
                .setVersion(unit.getVersion())
                .setUpdatedAt(clock.instant())
                .build();
    }
}
