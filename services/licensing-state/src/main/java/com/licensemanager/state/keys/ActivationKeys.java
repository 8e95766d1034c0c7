package com.licensemanager.state.keys;

import com.licensemanager.platform.db.tables.records.ActivationKeyRecord;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.platform.sql.RoundTrip;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static com.licensemanager.platform.db.Tables.ACTIVATION_KEY;
import static com.licensemanager.platform.db.Tables.ACTIVATION_KEY_LICENSE;
import static com.licensemanager.platform.db.Tables.REDEMPTION_FAILURE;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.count;

/**
 * The activation keys, their licenses and failed redemptions: issued for orders, redeemed once by an account, or
 * made from a balance as transfer keys. The only class that reads or writes these tables, with the {@link BatchKeys}
 * it opens for a batch of requests.
 */
public class ActivationKeys {

    private final DSLContext db;

    public ActivationKeys(DSLContext db) {
        this.db = db;
    }

    /**
     * Opens the keys of one batch of requests: reads the named keys that exist with their licenses, locking them in
     * key order for the rest of the transaction (one statement), and counts the redeeming accounts' failed
     * redemptions since {@code failuresSince} (one statement): both joined to a round trip, the keys there once it is
     * sent. Nothing is read for an empty list.
     */
    public Supplier<BatchKeys> forBatch(Collection<String> named, Collection<String> redeemers, Instant failuresSince,
                                        RoundTrip trip) {
        // FOR UPDATE OF the key rows only: their license lines never change, and are on the join's nullable side.
        RoundTrip.Rows keyRows = named.isEmpty() ? null : trip.read(db.select(ACTIVATION_KEY.ACTIVATION_KEY_,
                        ACTIVATION_KEY.ORIGIN, ACTIVATION_KEY.CREATED_BY_OWNER, ACTIVATION_KEY.REDEEMED_BY,
                        ACTIVATION_KEY_LICENSE.LICENSE_CODE, ACTIVATION_KEY_LICENSE.QUANTITY)
                .from(ACTIVATION_KEY).leftJoin(ACTIVATION_KEY_LICENSE)
                .on(ACTIVATION_KEY_LICENSE.ACTIVATION_KEY.eq(ACTIVATION_KEY.ACTIVATION_KEY_))
                .where(ACTIVATION_KEY.ACTIVATION_KEY_.eq(any(named.stream().distinct().toArray(String[]::new))))
                .orderBy(ACTIVATION_KEY.ACTIVATION_KEY_)
                .forUpdate().of(ACTIVATION_KEY));
        RoundTrip.Rows failureRows = redeemers.isEmpty() ? null : trip.read(db.select(REDEMPTION_FAILURE.ACCOUNT_ID,
                        count()).from(REDEMPTION_FAILURE)
                .where(REDEMPTION_FAILURE.ACCOUNT_ID.eq(any(redeemers.stream().distinct().toArray(String[]::new)))
                        .and(REDEMPTION_FAILURE.FAILED_AT.gt(failuresSince.atOffset(ZoneOffset.UTC))))
                .groupBy(REDEMPTION_FAILURE.ACCOUNT_ID));
        return () -> {
            List<BatchKeys.KeyRow> rows = new ArrayList<>();
            if (keyRows != null) {
                keyRows.result().forEach(row -> rows.add(new BatchKeys.KeyRow(new StoredKey(
                        row.get(0, String.class), KeyOrigin.valueOf(row.get(1, String.class)),
                        row.get(2, String.class)), row.get(3, String.class) != null, row.get(4, String.class),
                        row.get(5, Integer.class))));
            }
            Map<String, Integer> failures = new HashMap<>();
            if (failureRows != null) {
                failureRows.result().forEach(row -> failures.put(row.get(0, String.class), row.get(1, Integer.class)));
            }
            return new BatchKeys(db, BatchKeys.keysOf(rows), failures);
        };
    }

    /** Keys redeemed into one owner are re-attributed to another (an account joining a group). */
    public void reattribute(String from, String to) {
        db.update(ACTIVATION_KEY).set(ACTIVATION_KEY.REDEEMED_INTO, to)
                .where(ACTIVATION_KEY.REDEEMED_INTO.eq(from)).execute();
        db.update(ACTIVATION_KEY).set(ACTIVATION_KEY.CREATED_BY_OWNER, to)
                .where(ACTIVATION_KEY.CREATED_BY_OWNER.eq(from)).execute();
    }

    /** Forgets the failed redemptions before {@code before}; answers how many. */
    public int forgetFailuresBefore(Instant before) {
        return db.deleteFrom(REDEMPTION_FAILURE)
                .where(REDEMPTION_FAILURE.FAILED_AT.lt(before.atOffset(ZoneOffset.UTC)))
                .execute();
    }

    /** The key issued for an order, if one was. */
    public Optional<IssuedActivationKey> findByOrderNumber(String orderNumber) {
        return db.selectFrom(ACTIVATION_KEY)
                .where(ACTIVATION_KEY.ORDER_NUMBER.eq(orderNumber))
                .fetchOptional()
                .map(this::withLicenses);
    }

    /**
     * Stores a newly issued key with its licenses; answers false, storing nothing, if the order number already has
     * a key (a concurrent delivery of the same order won the race).
     */
    public boolean insertOrderKey(IssuedActivationKey key) {
        int inserted = db.insertInto(ACTIVATION_KEY)
                .set(ACTIVATION_KEY.ACTIVATION_KEY_, key.activationKey())
                .set(ACTIVATION_KEY.ORIGIN, KeyOrigin.ORDER.name())
                .set(ACTIVATION_KEY.SCAN_PAYLOAD, key.scanPayload())
                .set(ACTIVATION_KEY.ORDER_NUMBER, key.orderNumber())
                .set(ACTIVATION_KEY.ORDER_FINGERPRINT, key.orderFingerprint())
                .set(ACTIVATION_KEY.CUSTOMER_REFERENCE, key.customerReference())
                .set(ACTIVATION_KEY.CUSTOMER_NAME, key.customerName())
                .set(ACTIVATION_KEY.CUSTOMER_ACCOUNT, key.customerAccount())
                .set(ACTIVATION_KEY.ISSUED_AT, key.issuedAt().atOffset(ZoneOffset.UTC))
                .onConflict(ACTIVATION_KEY.ORDER_NUMBER).doNothing()
                .execute();
        if (inserted == 0) {
            return false;
        }
        var lines = db.insertInto(ACTIVATION_KEY_LICENSE, ACTIVATION_KEY_LICENSE.ACTIVATION_KEY,
                ACTIVATION_KEY_LICENSE.LICENSE_CODE, ACTIVATION_KEY_LICENSE.QUANTITY);
        for (LicenseLine line : key.licenses()) {
            lines = lines.values(key.activationKey(), line.getLicenseCode(), line.getQuantity());
        }
        lines.execute();
        return true;
    }

    private IssuedActivationKey withLicenses(ActivationKeyRecord key) {
        List<LicenseLine> licenses = db.selectFrom(ACTIVATION_KEY_LICENSE)
                .where(ACTIVATION_KEY_LICENSE.ACTIVATION_KEY.eq(key.getActivationKey()))
                .orderBy(ACTIVATION_KEY_LICENSE.LICENSE_CODE)
                .fetch(line -> new LicenseLine(line.getLicenseCode(), line.getQuantity()));
        return new IssuedActivationKey(key.getActivationKey(), key.getScanPayload(), key.getOrderNumber(),
                key.getOrderFingerprint(), key.getCustomerReference(), key.getCustomerName(),
                key.getCustomerAccount(), licenses, key.getIssuedAt().toInstant());
    }
}
