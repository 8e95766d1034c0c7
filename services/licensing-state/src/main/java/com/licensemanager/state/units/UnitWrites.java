package com.licensemanager.state.units;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.schemas.common.LicenseFile;
import org.jooq.DSLContext;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import static com.licensemanager.platform.db.Tables.LICENSE_FILE;
import static com.licensemanager.platform.db.Tables.UNIT;
import static com.licensemanager.platform.db.Tables.UNIT_LICENSE;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

/**
 * The ledger entries and license files one batch of requests decided, kept until the batch flushes and then written
 * in three statements whatever their number: one {@code INSERT … SELECT FROM unnest(…)} for the ledger (rows are
 * only ever added: the ledger stays immutable), one for the files, one {@code UPDATE unit … FROM unnest(…)} for the
 * units' file sequences. The units are locked by the batch, so the sequences it counted are still the units' own.
 */
public final class UnitWrites {

    private final DSLContext db;
    private final List<LedgerEntry> ledger = new ArrayList<>();
    private final List<LicenseFile> files = new ArrayList<>();

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

    /** Whether anything of this unit waits to be written. */
    public boolean pendingFor(String mac) {
        return files.stream().anyMatch(file -> file.getMac().equals(mac))
                || ledger.stream().anyMatch(row -> row.mac().equals(mac));
    }

    /** Writes what waits of these units now: a decision is about to change them outside the batch. */
    public void writeNow(Collection<String> macs) {
        write(macs::contains);
    }

    /** Writes everything that waits; called once, after the batch's last decision. */
    public void flush() {
        write(mac -> true);
    }

    private void write(Predicate<String> which) {
        List<LedgerEntry> entries = ledger.stream().filter(row -> which.test(row.mac())).toList();
        List<LicenseFile> issued = files.stream().filter(file -> which.test(file.getMac())).toList();
        ledger.removeAll(entries);
        files.removeAll(issued);
        if (!entries.isEmpty()) {
            db.insertInto(UNIT_LICENSE, UNIT_LICENSE.MAC, UNIT_LICENSE.LICENSE_CODE, UNIT_LICENSE.QUANTITY,
                            UNIT_LICENSE.REASON, UNIT_LICENSE.REQUEST_ID)
                    .select(db.select(field(name("d", "mac"), String.class), field(name("d", "code"), String.class),
                                    field(name("d", "quantity"), Integer.class), field(name("d", "reason"), String.class),
                                    field(name("d", "request_id"), String.class))
                            .from(table("unnest({0}, {1}, {2}, {3}, {4}) with ordinality as d(mac, code, quantity, "
                                            + "reason, request_id, position)",
                                    val(entries.stream().map(LedgerEntry::mac).toArray(String[]::new)),
                                    val(entries.stream().map(LedgerEntry::code).toArray(String[]::new)),
                                    val(entries.stream().map(LedgerEntry::quantity).toArray(Integer[]::new)),
                                    val(entries.stream().map(row -> row.entry().name()).toArray(String[]::new)),
                                    val(entries.stream().map(LedgerEntry::requestId).toArray(String[]::new))))
                            // In the order decided: the ledger's ids follow the decisions.
                            .orderBy(field(name("d", "position"))))
                    .execute();
        }
        if (!issued.isEmpty()) {
            db.insertInto(LICENSE_FILE, LICENSE_FILE.MAC, LICENSE_FILE.SEQUENCE, LICENSE_FILE.ISSUED_AT,
                            LICENSE_FILE.CONTENT)
                    .select(db.select(field(name("d", "mac"), String.class), field(name("d", "sequence"), Integer.class),
                                    field(name("d", "issued_at"), OffsetDateTime.class),
                                    field(name("d", "content"), String.class))
                            .from(table("unnest({0}, {1}, {2}, {3}) as d(mac, sequence, issued_at, content)",
                                    val(issued.stream().map(LicenseFile::getMac).toArray(String[]::new)),
                                    val(issued.stream().map(LicenseFile::getSequence).toArray(Integer[]::new)),
                                    val(issued.stream().map(file -> file.getIssuedAt().atOffset(ZoneOffset.UTC))
                                            .toArray(OffsetDateTime[]::new)),
                                    val(issued.stream().map(LicenseFile::getContent).toArray(String[]::new)))))
                    .execute();
            Map<String, Integer> sequences = new TreeMap<>();
            issued.forEach(file -> sequences.merge(file.getMac(), file.getSequence(), Math::max));
            db.update(UNIT)
                    .set(UNIT.LICENSE_SEQUENCE, field(name("d", "sequence"), Integer.class))
                    .from(table("unnest({0}, {1}) as d(mac, sequence)",
                            val(sequences.keySet().toArray(String[]::new)),
                            val(sequences.values().toArray(Integer[]::new))))
                    .where(UNIT.MAC.eq(field(name("d", "mac"), String.class)))
                    .execute();
        }
    }
}
