package com.licensemanager.state.balances;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.schemas.common.BalanceLine;
import com.licensemanager.platform.sql.RoundTrip;
import org.jooq.DSLContext;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import static com.licensemanager.platform.db.Tables.BALANCE;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

/**
 * The balances one batch of requests works on, held in memory between its first decision and its flush: the rows of
 * the owners the batch acts for are locked and read in one statement when it opens (in owner and code order, so two
 * batches never deadlock over them), decisions read what is available and debit or credit here, and {@link #flush()}
 * writes what changed in at most two statements. An owner the batch did not know at its start (an account registered
 * in it) is locked and read when a decision first asks for it.
 *
 * <p>The rows stay locked until the transaction ends, so nothing else changes them meanwhile; the table's check
 * constraint still stops a negative balance at the flush if these decisions got it wrong. A batch that fails is
 * redone record by record, each with a new sheet: nothing a failed batch debited is seen again.
 */
public final class BalanceSheet {

    private final DSLContext db;
    /** Owner → code → the row as the decisions left it, in owner and code order; absent owners are not loaded yet. */
    private final Map<String, Map<String, Amounts>> rows = new TreeMap<>();

    BalanceSheet(DSLContext db) {
        this.db = db;
    }

    /** Locks and reads every row of these owners, ordered by owner and code, in one statement. */
    void load(Collection<String> owners) {
        RoundTrip.alone(db, trip -> load(owners, trip));
    }

    /**
     * The same, its statement joined to a round trip: the rows are held once it is sent and the answer asked for.
     * Asked again, it answers the sheet as the decisions left it: the rows are taken in only once.
     */
    Supplier<BalanceSheet> load(Collection<String> owners, RoundTrip trip) {
        List<String> missing = owners.stream().filter(owner -> !rows.containsKey(owner)).sorted().distinct().toList();
        if (missing.isEmpty()) {
            return () -> this;
        }
        // ORDER BY below FOR UPDATE: PostgreSQL locks the rows as the sort emits them.
        RoundTrip.Rows locked = trip.read(db.selectFrom(BALANCE).where(BALANCE.OWNER.eq(any(missing.toArray(String[]::new))))
                .orderBy(BALANCE.OWNER, BALANCE.LICENSE_CODE)
                .forUpdate());
        return () -> {
            if (!rows.containsKey(missing.getFirst())) {
                missing.forEach(owner -> rows.put(owner, new TreeMap<>()));
                locked.result().into(BALANCE).forEach(row -> rows.get(row.getOwner()).put(row.getLicenseCode(),
                        new Amounts(row.getUploaded(), row.getUsed(), row.getTransferred(), true)));
            }
            return this;
        };
    }

    private Map<String, Amounts> of(String owner) {
        load(List.of(owner));
        return rows.get(owner);
    }

    /** What is available of each of these codes to the owner. */
    public Map<LicenseCode, Integer> available(String owner, LicenseBundle codes) {
        Map<String, Amounts> held = of(owner);
        Map<LicenseCode, Integer> result = new HashMap<>();
        codes.quantities().keySet().forEach(code -> {
            Amounts amounts = held.get(code.print());
            result.put(code, amounts == null ? 0 : amounts.available());
        });
        return result;
    }

    /** Every code of which the owner holds less than requested; empty if all is there. */
    public List<Balances.Shortfall> shortfalls(String owner, LicenseBundle requested) {
        Map<LicenseCode, Integer> available = available(owner, requested);
        List<Balances.Shortfall> shortfalls = new ArrayList<>();
        requested.quantities().forEach((code, quantity) -> {
            if (available.get(code) < quantity) {
                shortfalls.add(new Balances.Shortfall(code, quantity, available.get(code)));
            }
        });
        return shortfalls;
    }

    /** Adds redeemed licenses to the owner's {@code uploaded}. */
    public void credit(String owner, LicenseBundle licenses) {
        Map<String, Amounts> held = of(owner);
        licenses.quantities().forEach((code, quantity) ->
                held.computeIfAbsent(code.print(), c -> new Amounts(0, 0, 0, false)).uploaded += quantity);
    }

    /** Licenses assigned to units. Debit only what {@link #shortfalls} showed available. */
    public void debitUsed(String owner, LicenseBundle licenses) {
        debit(owner, licenses, true);
    }

    /** Licenses given away as a transfer key. Debit only what {@link #shortfalls} showed available. */
    public void debitTransferred(String owner, LicenseBundle licenses) {
        debit(owner, licenses, false);
    }

    private void debit(String owner, LicenseBundle licenses, boolean used) {
        Map<String, Amounts> held = of(owner);
        licenses.quantities().forEach((code, quantity) -> {
            Amounts amounts = held.get(code.print());
            if (amounts == null) {
                throw new IllegalStateException("no balance of " + code.print() + " for " + owner);
            }
            if (used) {
                amounts.used += quantity;
            } else {
                amounts.transferred += quantity;
            }
        });
    }

    /** Every line of the owner's balance as the batch left it so far, in canonical code order. */
    public List<BalanceLine> lines(String owner) {
        return of(owner).entrySet().stream()
                .sorted((a, b) -> LicenseCode.CANONICAL_ORDER.compare(LicenseCode.parse(a.getKey()),
                        LicenseCode.parse(b.getKey())))
                .map(line -> new BalanceLine(line.getKey(), line.getValue().uploaded, line.getValue().used,
                        line.getValue().transferred, line.getValue().available()))
                .toList();
    }

    /**
     * Writes what the batch's decisions changed: one {@code UPDATE … FROM unnest(…)} for the rows that existed (they
     * are locked, so their amounts are written by the difference to what was read), one additive
     * {@code INSERT … ON CONFLICT} for rows the batch created (another transaction may have created the same row
     * meanwhile). Called once, after the batch's last decision.
     */
    public void flush(RoundTrip writes) {
        Rows existing = new Rows();
        Rows created = new Rows();
        rows.forEach((owner, codes) -> codes.forEach((code, amounts) -> {
            if (amounts.changed()) {
                (amounts.existed ? existing : created).add(owner, code, amounts);
            }
        }));
        if (!existing.owners.isEmpty()) {
            var changed = table("unnest({0}, {1}, {2}, {3}, {4}) as d(owner, code, uploaded, used, transferred)",
                    existing.arrays());
            writes.write(db.update(BALANCE)
                    .set(BALANCE.UPLOADED, BALANCE.UPLOADED.plus(field(name("d", "uploaded"), Integer.class)))
                    .set(BALANCE.USED, BALANCE.USED.plus(field(name("d", "used"), Integer.class)))
                    .set(BALANCE.TRANSFERRED, BALANCE.TRANSFERRED.plus(field(name("d", "transferred"), Integer.class)))
                    .from(changed)
                    .where(BALANCE.OWNER.eq(field(name("d", "owner"), String.class)))
                    .and(BALANCE.LICENSE_CODE.eq(field(name("d", "code"), String.class))),
                    existing.owners.size(), "balance rows updated");
        }
        if (!created.owners.isEmpty()) {
            writes.write(db.insertInto(BALANCE, BALANCE.OWNER, BALANCE.LICENSE_CODE, BALANCE.UPLOADED, BALANCE.USED,
                            BALANCE.TRANSFERRED)
                    .select(db.select(field(name("d", "owner"), String.class), field(name("d", "code"), String.class),
                                    field(name("d", "uploaded"), Integer.class), field(name("d", "used"), Integer.class),
                                    field(name("d", "transferred"), Integer.class))
                            .from(table("unnest({0}, {1}, {2}, {3}, {4}) as d(owner, code, uploaded, used, transferred)",
                                    created.arrays())))
                    .onConflict(BALANCE.OWNER, BALANCE.LICENSE_CODE)
                    .doUpdate()
                    .set(BALANCE.UPLOADED, BALANCE.UPLOADED.plus(excluded(BALANCE.UPLOADED)))
                    .set(BALANCE.USED, BALANCE.USED.plus(excluded(BALANCE.USED)))
                    .set(BALANCE.TRANSFERRED, BALANCE.TRANSFERRED.plus(excluded(BALANCE.TRANSFERRED))));
        }
        rows.values().forEach(codes -> codes.values().forEach(Amounts::written));
    }

    /** The differences to write, one array per column. */
    private static final class Rows {
        final List<String> owners = new ArrayList<>();
        final List<String> codes = new ArrayList<>();
        final List<Integer> uploaded = new ArrayList<>();
        final List<Integer> used = new ArrayList<>();
        final List<Integer> transferred = new ArrayList<>();

        void add(String owner, String code, Amounts amounts) {
            owners.add(owner);
            codes.add(code);
            uploaded.add(amounts.uploaded - amounts.readUploaded);
            used.add(amounts.used - amounts.readUsed);
            transferred.add(amounts.transferred - amounts.readTransferred);
        }

        Object[] arrays() {
            return new Object[]{val(owners.toArray(String[]::new)), val(codes.toArray(String[]::new)),
                    val(uploaded.toArray(Integer[]::new)), val(used.toArray(Integer[]::new)),
                    val(transferred.toArray(Integer[]::new))};
        }
    }

    /** One row: as read (or zero for a row the batch creates) and as the decisions left it. */
    private static final class Amounts {
        int readUploaded;
        int readUsed;
        int readTransferred;
        int uploaded;
        int used;
        int transferred;
        boolean existed;

        Amounts(int uploaded, int used, int transferred, boolean existed) {
            this.readUploaded = existed ? uploaded : 0;
            this.readUsed = existed ? used : 0;
            this.readTransferred = existed ? transferred : 0;
            this.uploaded = uploaded;
            this.used = used;
            this.transferred = transferred;
            this.existed = existed;
        }

        int available() {
            return uploaded - used - transferred;
        }

        boolean changed() {
            return uploaded != readUploaded || used != readUsed || transferred != readTransferred;
        }

        void written() {
            readUploaded = uploaded;
            readUsed = used;
            readTransferred = transferred;
            existed = true;
        }
    }
}
