package com.licensemanager.state.units;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.platform.sql.RoundTrip;
import com.licensemanager.schemas.common.LicenseFile;
import org.jooq.DSLContext;
import org.jooq.Field;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import static com.licensemanager.platform.db.Tables.LICENSE_FILE;
import static com.licensemanager.platform.db.Tables.UNIT;
import static com.licensemanager.platform.db.Tables.UNIT_LICENSE;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.when;

/**
 * The ledger entries and license files one batch of requests decided, kept until the batch flushes and then written
 * in three statements whatever their number, sent with the batch's other writes ({@link RoundTrip}): one {@code INSERT … SELECT FROM unnest(…)} for the ledger (rows are
 * only ever added: the ledger stays immutable), one for the files, one {@code UPDATE unit … FROM unnest(…)} for the
 * units' rows: claims, details, end users and file sequences together. The units are locked by the batch, so the
 * sequences it counted are still the units' own.
 */
public final class UnitWrites {

    private final DSLContext db;
    private final List<LedgerEntry> ledger = new ArrayList<>();
    private final List<LicenseFile> files = new ArrayList<>();
    /** Per unit in MAC order, the columns of its row the batch set (a column not named keeps its value). */
    private final Map<String, Map<Field<String>, String>> rows = new TreeMap<>();

    /** The columns of a unit's row the requests change, in the order of the update's arrays. */
    private static final List<Field<String>> COLUMNS = List.of(UNIT.OWNER, UNIT.ASSIGNED_BY, UNIT.END_CUSTOMER,
            UNIT.LOCATION, UNIT.COMMENT1, UNIT.COMMENT2, UNIT.END_USER);

    UnitWrites(DSLContext db) {
        this.db = db;
    }

    private record LedgerEntry(String mac, String code, int quantity, LicenseEntry entry, String requestId) {
    }

    /** Notes ledger rows for licenses put on the unit (a refund's as negative rows). */
    public void record(String mac, LicenseBundle licenses, LicenseEntry entry, String requestId) {
        licenses.quantities().forEach((code, quantity) -> ledger.add(new LedgerEntry(mac, code.print(),
                entry == LicenseEntry.REFUNDED ? -quantity : quantity, entry, requestId)));
    }

    /** Notes a license file issued for the unit; its sequence becomes the unit's. */
    public void store(LicenseFile file) {
        files.add(file);
    }

    /** First licensing: the unit becomes the owner's, with the details the assigning account gave. */
    public void claim(String mac, String owner, String assignedBy, UnitDetails details) {
        Map<Field<String>, String> row = rows.computeIfAbsent(mac, m -> new LinkedHashMap<>());
        row.put(UNIT.OWNER, owner);
        row.put(UNIT.ASSIGNED_BY, assignedBy);
        row.put(UNIT.END_CUSTOMER, details.endCustomer());
        row.put(UNIT.LOCATION, details.location());
        row.put(UNIT.COMMENT1, details.comment1());
        row.put(UNIT.COMMENT2, details.comment2());
    }

    /** Replaces the details that are given; the others stay as they are. */
    public void updateDetails(String mac, UnitDetails details) {
        Map<Field<String>, String> row = rows.computeIfAbsent(mac, m -> new LinkedHashMap<>());
        setGiven(row, UNIT.END_CUSTOMER, details.endCustomer());
        setGiven(row, UNIT.LOCATION, details.location());
        setGiven(row, UNIT.COMMENT1, details.comment1());
        setGiven(row, UNIT.COMMENT2, details.comment2());
    }

    private static void setGiven(Map<Field<String>, String> row, Field<String> column, String value) {
        if (value != null) {
            row.put(column, value);
        }
    }

    /** Shares the unit with an end user's account. */
    public void shareWith(String mac, String endUserAccount) {
        rows.computeIfAbsent(mac, m -> new LinkedHashMap<>()).put(UNIT.END_USER, endUserAccount);
    }

    /** Whether anything of this unit waits to be written. */
    public boolean pendingFor(String mac) {
        return rows.containsKey(mac) || files.stream().anyMatch(file -> file.getMac().equals(mac))
                || ledger.stream().anyMatch(row -> row.mac().equals(mac));
    }

    /** Writes what waits of these units now: a decision is about to change them outside the batch. */
    public void writeNow(Collection<String> macs) {
        RoundTrip now = new RoundTrip(db);
        write(macs::contains, now);
        now.send();
    }

    /** Writes everything that waits; called once, after the batch's last decision. */
    public void flush(RoundTrip writes) {
        write(mac -> true, writes);
    }

    private void write(Predicate<String> which, RoundTrip writes) {
        writeRows(which, writes);
        List<LedgerEntry> entries = ledger.stream().filter(row -> which.test(row.mac())).toList();
        List<LicenseFile> issued = files.stream().filter(file -> which.test(file.getMac())).toList();
        ledger.removeAll(entries);
        files.removeAll(issued);
        if (!entries.isEmpty()) {
            writes.write(db.insertInto(UNIT_LICENSE, UNIT_LICENSE.MAC, UNIT_LICENSE.LICENSE_CODE, UNIT_LICENSE.QUANTITY,
                            UNIT_LICENSE.REASON, UNIT_LICENSE.REQUEST_ID)
                    .select(db.select(field(name("d", "mac"), String.class), field(name("d", "code"), String.class),
                                    field(name("d", "quantity"), Integer.class),
                                    field(name("d", "reason"), String.class),
                                    field(name("d", "request_id"), String.class))
                            .from(table("unnest({0}, {1}, {2}, {3}, {4}) with ordinality as d(mac, code, quantity, "
                                            + "reason, request_id, position)",
                                    val(entries.stream().map(LedgerEntry::mac).toArray(String[]::new)),
                                    val(entries.stream().map(LedgerEntry::code).toArray(String[]::new)),
                                    val(entries.stream().map(LedgerEntry::quantity).toArray(Integer[]::new)),
                                    val(entries.stream().map(row -> row.entry().name()).toArray(String[]::new)),
                                    val(entries.stream().map(LedgerEntry::requestId).toArray(String[]::new))))
                            // In the order decided: the ledger's ids follow the decisions.
                            .orderBy(field(name("d", "position")))));
        }
        if (!issued.isEmpty()) {
            writeFiles(issued, writes);
        }
    }

    /**
     * One {@code UPDATE unit … FROM unnest(…)} for every unit row the batch changed: per column its value and whether
     * the batch set it, so one statement serves claims, detail updates, shares and new file sequences alike.
     */
    private void writeRows(Predicate<String> which, RoundTrip writes) {
        // Each unit's new sequence: that of the latest file the batch issued for it, still waiting to be written.
        Map<String, Integer> sequences = new HashMap<>();
        files.stream().filter(file -> which.test(file.getMac()))
                .forEach(file -> sequences.merge(file.getMac(), file.getSequence(), Math::max));
        TreeSet<String> changed = new TreeSet<>(sequences.keySet());
        rows.keySet().stream().filter(which).forEach(changed::add);
        List<String> macs = List.copyOf(changed);
        if (macs.isEmpty()) {
            return;
        }
        List<Object> arrays = new ArrayList<>();
        StringBuilder columns = new StringBuilder("mac");
        arrays.add(val(macs.toArray(String[]::new)));
        var update = db.update(UNIT).set(UNIT.MAC, UNIT.MAC);
        for (Field<String> column : COLUMNS) {
            String label = column.getName();
            // A unit that only got a new file has no row change: it keeps every other column.
            arrays.add(val(macs.stream().map(mac -> rows.getOrDefault(mac, Map.of()).get(column))
                    .toArray(String[]::new)));
            arrays.add(val(macs.stream().map(mac -> rows.getOrDefault(mac, Map.of()).containsKey(column))
                    .toArray(Boolean[]::new)));
            columns.append(", ").append(label).append(", set_").append(label);
            update = update.set(column, when(field(name("d", "set_" + label), Boolean.class),
                    field(name("d", label), String.class)).otherwise(column));
        }
        arrays.add(val(macs.stream().map(sequences::get).toArray(Integer[]::new)));
        columns.append(", license_sequence");
        // No file issued: null, which keeps the sequence.
        update = update.set(UNIT.LICENSE_SEQUENCE, coalesce(field(name("d", "license_sequence"), Integer.class),
                UNIT.LICENSE_SEQUENCE));
        StringBuilder template = new StringBuilder("unnest(");
        for (int i = 0; i < arrays.size(); i++) {
            template.append(i == 0 ? "" : ", ").append('{').append(i).append('}');
        }
        template.append(") as d(").append(columns).append(')');
        writes.write(update.from(table(template.toString(), arrays.toArray()))
                .where(UNIT.MAC.eq(field(name("d", "mac"), String.class))), macs.size(), "units updated");
        macs.forEach(rows::remove);
    }

    private void writeFiles(List<LicenseFile> issued, RoundTrip writes) {
        writes.write(db.insertInto(LICENSE_FILE, LICENSE_FILE.MAC, LICENSE_FILE.SEQUENCE, LICENSE_FILE.ISSUED_AT,
                        LICENSE_FILE.CONTENT)
                .select(db.select(field(name("d", "mac"), String.class),
                                field(name("d", "sequence"), Integer.class),
                                field(name("d", "issued_at"), OffsetDateTime.class),
                                field(name("d", "content"), String.class))
                        .from(table("unnest({0}, {1}, {2}, {3}) as d(mac, sequence, issued_at, content)",
                                val(issued.stream().map(LicenseFile::getMac).toArray(String[]::new)),
                                val(issued.stream().map(LicenseFile::getSequence).toArray(Integer[]::new)),
                                val(issued.stream().map(file -> file.getIssuedAt().atOffset(ZoneOffset.UTC))
                                        .toArray(OffsetDateTime[]::new)),
                                val(issued.stream().map(LicenseFile::getContent).toArray(String[]::new))))));
    }
}
