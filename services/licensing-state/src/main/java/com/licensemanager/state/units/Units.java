package com.licensemanager.state.units;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.platform.db.tables.records.LicenseFileRecord;
import com.licensemanager.platform.db.tables.records.UnitRecord;
import com.licensemanager.state.licenses.LicenseLines;
import com.licensemanager.platform.sql.RoundTrip;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.ResultQuery;
import org.jooq.Table;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static com.licensemanager.platform.db.Tables.LICENSE_FILE;
import static com.licensemanager.platform.db.Tables.UNIT;
import static com.licensemanager.platform.db.Tables.UNIT_LICENSE;
import static com.licensemanager.platform.db.Tables.UNIT_STATUS_CHANGE;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.lateral;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.unnest;

/** Units, the licenses on them (an append-only ledger) and their license files. */
public class Units {

    private final DSLContext db;

    public Units(DSLContext db) {
        this.db = db;
    }

    /** Registers a shipped unit unless its MAC is known already; answers whether it was new. */
    public boolean registerIfNew(String mac, String model, String orderNumber, Instant shippedAt) {
        return db.insertInto(UNIT)
                .set(UNIT.MAC, mac)
                .set(UNIT.MODEL, model)
                .set(UNIT.ORDER_NUMBER, orderNumber)
                .set(UNIT.SHIPPED_AT, shippedAt.atOffset(ZoneOffset.UTC))
                .onConflict(UNIT.MAC).doNothing()
                .execute() == 1;
    }

    public Optional<String> modelOf(String mac) {
        return db.select(UNIT.MODEL).from(UNIT).where(UNIT.MAC.eq(mac)).fetchOptional(UNIT.MODEL);
    }

    public Optional<Unit> find(String mac) {
        return db.selectFrom(UNIT).where(UNIT.MAC.eq(mac)).fetchOptional().map(Unit::of);
    }

    /** Finds the unit and locks it for the rest of the transaction: changes to one unit are serialised. */
    public Optional<Unit> lock(String mac) {
        return db.selectFrom(UNIT).where(UNIT.MAC.eq(mac)).forUpdate().fetchOptional().map(Unit::of);
    }

    /** What a batch of requests writes to its units' ledgers and files, kept until it flushes. */
    public UnitWrites newWrites() {
        return new UnitWrites(db);
    }

    /**
     * What a batch reads of its units when it opens, joined to a round trip (there once it is sent): those it may
     * change locked in MAC order (a batch that locks the units its requests name up front cannot deadlock with another
     * doing the same), those it only reads as last committed, without a lock (they must not wait for, nor hold up, a
     * batch of another consumer thread that changes them), and of all of them the licenses and the latest file.
     */
    public Supplier<ForBatch> forBatch(Collection<String> toLock, Collection<String> toRead, RoundTrip trip) {
        RoundTrip.Rows locked = toLock.isEmpty() ? null : trip.read(db.selectFrom(UNIT)
                .where(UNIT.MAC.eq(any(toLock.toArray(String[]::new)))).orderBy(UNIT.MAC).forUpdate());
        RoundTrip.Rows found = toRead.isEmpty() ? null : trip.read(db.selectFrom(UNIT)
                .where(UNIT.MAC.eq(any(toRead.toArray(String[]::new)))));
        List<String> all = new ArrayList<>(toLock);
        all.addAll(toRead);
        if (all.isEmpty()) {
            return () -> new ForBatch(new HashMap<>(), new HashMap<>(), new HashMap<>());
        }
        RoundTrip.Rows licenses = trip.read(licensesOfAllQuery(all));
        RoundTrip.Rows files = trip.read(latestFilesQuery(all));
        return () -> {
            Map<String, Unit> held = new HashMap<>();
            for (RoundTrip.Rows rows : new RoundTrip.Rows[] {locked, found}) {
                if (rows != null) {
                    held.putAll(byMac(rows.result().into(UNIT)));
                }
            }
            return new ForBatch(held, licensesOfAll(licenses.result()), latestFiles(files.result()));
        };
    }

    /** A batch's units as it opens: by MAC, those shipped, their licenses (if any) and latest files (if any). */
    public record ForBatch(Map<String, Unit> units, Map<String, LicenseBundle> licenses,
                           Map<String, LicenseFileRecord> latestFiles) {
    }

    private static Map<String, Unit> byMac(List<UnitRecord> rows) {
        Map<String, Unit> found = new HashMap<>();
        rows.forEach(unit -> found.put(unit.getMac(), Unit.of(unit)));
        return found;
    }

    /** The licenses on each of these units, summed from the ledger in one statement; a unit without any is absent. */
    public Map<String, LicenseBundle> licensesOfAll(Collection<String> macs) {
        return macs.isEmpty() ? new HashMap<>() : licensesOfAll(licensesOfAllQuery(macs).fetch());
    }

    /** The statement of {@link #licensesOfAll(Collection)}, to send in a round trip with others. */
    ResultQuery<? extends Record> licensesOfAllQuery(Collection<String> macs) {
        Field<String> mac = field(name("m", "mac"), String.class);
        Table<?> summed = lateral(select(UNIT_LICENSE.LICENSE_CODE,
                sum(UNIT_LICENSE.QUANTITY).cast(Integer.class).as("quantity"))
                .from(UNIT_LICENSE).where(UNIT_LICENSE.MAC.eq(mac)).groupBy(UNIT_LICENSE.LICENSE_CODE)).as("l");
        return db.select(mac, summed.field(UNIT_LICENSE.LICENSE_CODE), summed.field("quantity", Integer.class))
                .from(perMac(macs)).crossJoin(summed);
    }

    /**
     * The MACs as a table {@code m(mac)} that a lateral subquery per MAC joins: each MAC then reads its own rows
     * through the index. A {@code mac = ANY(?)} filter instead let PostgreSQL, planning for hundreds of MACs at the
     * maximum rate, scan the whole ledger and compare every row with every MAC (measured: 170 ms per batch instead
     * of 24).
     */
    private static Table<?> perMac(Collection<String> macs) {
        return unnest(macs.stream().distinct().toArray(String[]::new)).as("m", "mac");
    }

    /** The licenses per unit from the rows of {@link #licensesOfAllQuery}. */
    static Map<String, LicenseBundle> licensesOfAll(Result<? extends Record> rows) {
        Map<String, Map<String, Integer>> quantities = new HashMap<>();
        rows.forEach(row -> quantities.computeIfAbsent(row.get(0, String.class), mac -> new LinkedHashMap<>())
                .put(row.get(1, String.class), row.get(2, Integer.class)));
        Map<String, LicenseBundle> licenses = new HashMap<>();
        quantities.forEach((mac, stored) -> licenses.put(mac, LicenseLines.fromStored(stored)));
        return licenses;
    }

    /** The latest license file of each of these units, in one statement; a unit without any is absent. */
    public Map<String, LicenseFileRecord> latestFiles(Collection<String> macs) {
        return macs.isEmpty() ? new HashMap<>() : latestFiles(latestFilesQuery(macs).fetch());
    }

    /** The statement of {@link #latestFiles(Collection)}, to send in a round trip with others. */
    ResultQuery<? extends Record> latestFilesQuery(Collection<String> macs) {
        Field<String> mac = field(name("m", "mac"), String.class);
        Table<?> latest = lateral(select(LICENSE_FILE.fields()).from(LICENSE_FILE).where(LICENSE_FILE.MAC.eq(mac))
                .orderBy(LICENSE_FILE.SEQUENCE.desc()).limit(1)).as("f");
        return db.select(latest.fields()).from(perMac(macs)).crossJoin(latest);
    }

    /** The latest file per unit from the rows of {@link #latestFilesQuery}. */
    static Map<String, LicenseFileRecord> latestFiles(Result<? extends Record> rows) {
        Map<String, LicenseFileRecord> latest = new HashMap<>();
        rows.into(LICENSE_FILE).forEach(file -> latest.put(file.getMac(), file));
        return latest;
    }

    public LicenseBundle licenses(String mac) {
        Map<String, Integer> quantities = new LinkedHashMap<>();
        db.select(UNIT_LICENSE.LICENSE_CODE, sum(UNIT_LICENSE.QUANTITY).cast(Integer.class))
                .from(UNIT_LICENSE).where(UNIT_LICENSE.MAC.eq(mac))
                .groupBy(UNIT_LICENSE.LICENSE_CODE)
                .fetch()
                .forEach(row -> quantities.put(row.value1(), row.value2()));
        return LicenseLines.fromStored(quantities);
    }

    public void record(String mac, LicenseBundle licenses, LicenseEntry entry, String requestId) {
        var insert = db.insertInto(UNIT_LICENSE, UNIT_LICENSE.MAC, UNIT_LICENSE.LICENSE_CODE, UNIT_LICENSE.QUANTITY,
                UNIT_LICENSE.REASON, UNIT_LICENSE.REQUEST_ID);
        for (var line : licenses.quantities().entrySet()) {
            int quantity = entry == LicenseEntry.REFUNDED ? -line.getValue() : line.getValue();
            insert = insert.values(mac, line.getKey().print(), quantity, entry.name(), requestId);
        }
        insert.execute();
    }

    /** The old unit of a move or RMA replacement: its licenses now live on {@code to}. */
    public void markMovedTo(String from, String to) {
        db.update(UNIT).set(UNIT.MOVED_TO, to).where(UNIT.MAC.eq(from)).execute();
    }

    /** The new unit of a move or RMA replacement, now the owner's, showing where its licenses came from. */
    public void claimAsCopy(String to, String from, String owner, String movedBy) {
        db.update(UNIT).set(UNIT.OWNER, owner).set(UNIT.ASSIGNED_BY, movedBy).set(UNIT.COPY_OF, from)
                .where(UNIT.MAC.eq(to)).execute();
    }

    /** Changes the unit's status and keeps the change in its history. */
    public void changeStatus(String mac, UnitStatus status, String cause, Instant at) {
        db.update(UNIT).set(UNIT.STATUS, status.name()).where(UNIT.MAC.eq(mac)).execute();
        db.insertInto(UNIT_STATUS_CHANGE)
                .set(UNIT_STATUS_CHANGE.MAC, mac)
                .set(UNIT_STATUS_CHANGE.STATUS, status.name())
                .set(UNIT_STATUS_CHANGE.CAUSE, cause)
                .set(UNIT_STATUS_CHANGE.CHANGED_AT, at.atOffset(ZoneOffset.UTC))
                .execute();
    }

    /** Moves every unit of one owner to another (an account joining a group). */
    public void transferOwnership(String from, String to) {
        db.update(UNIT).set(UNIT.OWNER, to).where(UNIT.OWNER.eq(from)).execute();
    }

    public java.util.List<String> ownedBy(String owner) {
        return db.select(UNIT.MAC).from(UNIT).where(UNIT.OWNER.eq(owner)).fetch(UNIT.MAC);
    }

    /** The sequence number the unit's next license file gets. */
    public int nextFileSequence(String mac) {
        return db.update(UNIT).set(UNIT.LICENSE_SEQUENCE, UNIT.LICENSE_SEQUENCE.plus(1))
                .where(UNIT.MAC.eq(mac))
                .returning(UNIT.LICENSE_SEQUENCE)
                .fetchSingle(UNIT.LICENSE_SEQUENCE);
    }

    public void storeFile(String mac, int sequence, Instant issuedAt, String content) {
        db.insertInto(LICENSE_FILE)
                .set(LICENSE_FILE.MAC, mac)
                .set(LICENSE_FILE.SEQUENCE, sequence)
                .set(LICENSE_FILE.ISSUED_AT, issuedAt.atOffset(ZoneOffset.UTC))
                .set(LICENSE_FILE.CONTENT, content)
                .execute();
    }

    public Optional<LicenseFileRecord> latestFile(String mac) {
        return db.selectFrom(LICENSE_FILE).where(LICENSE_FILE.MAC.eq(mac))
                .orderBy(LICENSE_FILE.SEQUENCE.desc()).limit(1).fetchOptional();
    }
}
