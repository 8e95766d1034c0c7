package com.licensemanager.state.balances;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.platform.db.tables.records.BalanceRecord;
import com.licensemanager.platform.sql.RoundTrip;
import com.licensemanager.schemas.common.BalanceLine;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.ResultQuery;
import org.jooq.Field;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static com.licensemanager.platform.db.Tables.BALANCE;
import static org.jooq.impl.DSL.any;

/**
 * Balances per owner and license code. Requests debit and credit them through a batch's {@link BalanceSheet}, which
 * locks the owners' rows first: two group members debiting one balance from two partitions at once are serialised
 * there, and the table's check constraint would still stop a negative balance if the code got it wrong.
 */
public class Balances {

    private final DSLContext db;

    public Balances(DSLContext db) {
        this.db = db;
    }

    /**
     * Opens a batch's sheet of balances: locks and reads every balance row of these owners, ordered by owner and
     * code, in one statement. A batch of requests that takes these locks first, before any debit, cannot deadlock
     * with another batch over the balances: each takes the rows of the owners both touch in the same order.
     */
    public BalanceSheet lockSheet(Collection<String> owners) {
        return RoundTrip.alone(db, trip -> lockSheet(owners, trip));
    }

    /** The same, its statement joined to a round trip: the sheet is there once it is sent. */
    public Supplier<BalanceSheet> lockSheet(Collection<String> owners, RoundTrip trip) {
        return new BalanceSheet(db).load(owners, trip);
    }

    /** A code of which the owner holds less than was asked for. */
    public record Shortfall(LicenseCode code, int requested, int available) {
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

    /** Every line of each of these balances, in canonical code order, in one statement; one without lines is absent. */
    public Map<String, List<BalanceLine>> linesOfAll(Collection<String> owners) {
        return owners.isEmpty() ? new HashMap<>() : linesOfAll(linesOfAllQuery(owners).fetch());
    }

    /** The statement of {@link #linesOfAll(Collection)}, to send in a round trip with others. */
    ResultQuery<? extends Record> linesOfAllQuery(Collection<String> owners) {
        return db.selectFrom(BALANCE).where(BALANCE.OWNER.eq(any(owners.toArray(String[]::new))));
    }

    /** The lines per balance from the rows of {@link #linesOfAllQuery}, in canonical code order. */
    static Map<String, List<BalanceLine>> linesOfAll(Result<? extends Record> rows) {
        Map<String, List<BalanceLine>> lines = new HashMap<>();
        rows.into(BALANCE).stream()
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
