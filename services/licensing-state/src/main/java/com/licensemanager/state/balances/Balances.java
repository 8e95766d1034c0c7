package com.licensemanager.state.balances;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.platform.db.tables.records.BalanceRecord;
import com.licensemanager.schemas.common.BalanceLine;
import org.jooq.DSLContext;
import org.jooq.Field;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.licensemanager.platform.db.Tables.BALANCE;
import static org.jooq.impl.DSL.any;

/**
 * Balances per owner and license code. A debit first locks the owner's rows of the codes concerned, in code order
 * (so two debits of one balance never deadlock), then decides on the locked values: two group members debiting
 * one balance from two partitions at once are serialised here, and the table's check constraint would still stop a
 * negative balance if the code got it wrong.
 */
public class Balances {

    private final DSLContext db;

    public Balances(DSLContext db) {
        this.db = db;
    }

    /**
     * Locks every balance row of these owners, ordered by owner and code, for the rest of the transaction. A batch of
     * requests that takes these locks first, before any debit, cannot deadlock with another batch over the
     * balances: each takes the rows of the owners both touch in the same order.
     */
    public void lockOwners(Collection<String> owners) {
        if (owners.isEmpty()) {
            return;
        }
        // ORDER BY below FOR UPDATE: PostgreSQL locks the rows as the sort emits them.
        db.select(BALANCE.OWNER).from(BALANCE)
                .where(BALANCE.OWNER.in(owners))
                .orderBy(BALANCE.OWNER, BALANCE.LICENSE_CODE)
                .forUpdate()
                .execute();
    }

    /** Locks the owner's rows of these codes for the rest of the transaction and answers what is available of each. */
    public Map<LicenseCode, Integer> lockAvailable(String owner, LicenseBundle codes) {
        List<String> names = codes.quantities().keySet().stream().map(LicenseCode::print).sorted().toList();
        Map<String, Integer> available = new HashMap<>();
        db.selectFrom(BALANCE)
                .where(BALANCE.OWNER.eq(owner).and(BALANCE.LICENSE_CODE.in(names)))
                .orderBy(BALANCE.LICENSE_CODE)
                .forUpdate()
                .fetch()
                .forEach(row -> available.put(row.getLicenseCode(), available(row)));
        Map<LicenseCode, Integer> result = new HashMap<>();
        codes.quantities().keySet().forEach(code -> result.put(code, available.getOrDefault(code.print(), 0)));
        return result;
    }

    /** A code of which the owner holds less than was asked for. */
    public record Shortfall(LicenseCode code, int requested, int available) {
    }

    /**
     * Every code of which the owner holds less than requested; empty if all is there. Locks the owner's rows of
     * these codes, so a debit that follows in the same transaction cannot be overtaken.
     */
    public List<Shortfall> shortfalls(String owner, LicenseBundle requested) {
        Map<LicenseCode, Integer> available = lockAvailable(owner, requested);
        List<Shortfall> shortfalls = new ArrayList<>();
        requested.quantities().forEach((code, quantity) -> {
            if (available.get(code) < quantity) {
                shortfalls.add(new Shortfall(code, quantity, available.get(code)));
            }
        });
        return shortfalls;
    }

    /** Adds redeemed licenses to the owner's {@code uploaded}. */
    public void credit(String owner, LicenseBundle licenses) {
        for (var line : licenses.quantities().entrySet()) {
            db.insertInto(BALANCE)
                    .set(BALANCE.OWNER, owner)
                    .set(BALANCE.LICENSE_CODE, line.getKey().print())
                    .set(BALANCE.UPLOADED, line.getValue())
                    .onConflict(BALANCE.OWNER, BALANCE.LICENSE_CODE)
                    .doUpdate().set(BALANCE.UPLOADED, BALANCE.UPLOADED.plus(line.getValue()))
                    .execute();
        }
    }

    /** Licenses assigned to units. Call {@link #lockAvailable} first and debit only what it showed available. */
    public void debitUsed(String owner, LicenseBundle licenses) {
        add(owner, licenses, BALANCE.USED, 1);
    }

    /** Licenses given away as a transfer key. Call {@link #lockAvailable} first. */
    public void debitTransferred(String owner, LicenseBundle licenses) {
        add(owner, licenses, BALANCE.TRANSFERRED, 1);
    }

    /** Impossible licenses taken back from a unit by vendor staff return to the owner's balance. */
    public void refundUsed(String owner, LicenseBundle licenses) {
        add(owner, licenses, BALANCE.USED, -1);
    }

    /** Moves every line of {@code from} into {@code into} (an account joining a group). */
    public void merge(String from, String into) {
        for (BalanceRecord row : db.selectFrom(BALANCE).where(BALANCE.OWNER.eq(from)).forUpdate().fetch()) {
            db.insertInto(BALANCE)
                    .set(BALANCE.OWNER, into)
                    .set(BALANCE.LICENSE_CODE, row.getLicenseCode())
                    .set(BALANCE.UPLOADED, row.getUploaded())
                    .set(BALANCE.USED, row.getUsed())
                    .set(BALANCE.TRANSFERRED, row.getTransferred())
                    .onConflict(BALANCE.OWNER, BALANCE.LICENSE_CODE)
                    .doUpdate()
                    .set(BALANCE.UPLOADED, BALANCE.UPLOADED.plus(row.getUploaded()))
                    .set(BALANCE.USED, BALANCE.USED.plus(row.getUsed()))
                    .set(BALANCE.TRANSFERRED, BALANCE.TRANSFERRED.plus(row.getTransferred()))
                    .execute();
        }
        db.deleteFrom(BALANCE).where(BALANCE.OWNER.eq(from)).execute();
    }

    /** Every line of the owner's balance, in canonical code order. */
    public List<BalanceLine> lines(String owner) {
        return linesOfAll(List.of(owner)).getOrDefault(owner, List.of());
    }

    /** Every line of each of these balances, in canonical code order, in one statement; one without lines is absent. */
    public Map<String, List<BalanceLine>> linesOfAll(Collection<String> owners) {
        Map<String, List<BalanceLine>> lines = new HashMap<>();
        if (owners.isEmpty()) {
            return lines;
        }
        db.selectFrom(BALANCE).where(BALANCE.OWNER.eq(any(owners.toArray(String[]::new)))).fetch().stream()
                .sorted((a, b) -> LicenseCode.CANONICAL_ORDER.compare(
                        LicenseCode.parse(a.getLicenseCode()), LicenseCode.parse(b.getLicenseCode())))
                .forEach(row -> lines.computeIfAbsent(row.getOwner(), owner -> new ArrayList<>()).add(
                        new BalanceLine(row.getLicenseCode(), row.getUploaded(), row.getUsed(), row.getTransferred(),
                                available(row))));
        return lines;
    }

    private void add(String owner, LicenseBundle licenses, Field<Integer> column, int sign) {
        for (var line : licenses.quantities().entrySet()) {
            int changed = db.update(BALANCE)
                    .set(column, column.plus(sign * line.getValue()))
                    .where(BALANCE.OWNER.eq(owner).and(BALANCE.LICENSE_CODE.eq(line.getKey().print())))
                    .execute();
            if (changed != 1) {
                throw new IllegalStateException("no balance of " + line.getKey().print() + " for " + owner);
            }
        }
    }

    private static int available(BalanceRecord row) {
        return row.getUploaded() - row.getUsed() - row.getTransferred();
    }
}
