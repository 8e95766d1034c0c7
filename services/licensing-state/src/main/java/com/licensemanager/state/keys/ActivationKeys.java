package com.licensemanager.state.keys;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.platform.db.tables.records.ActivationKeyRecord;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.state.licenses.LicenseLines;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.licensemanager.platform.db.Tables.ACTIVATION_KEY;
import static com.licensemanager.platform.db.Tables.ACTIVATION_KEY_LICENSE;
import static com.licensemanager.platform.db.Tables.REDEMPTION_FAILURE;

/**
 * The activation keys, their licenses and failed redemptions: issued for orders, redeemed once by an account, or
 * made from a balance as transfer keys. The only class that reads or writes these tables.
 */
public class ActivationKeys {

    private final DSLContext db;

    public ActivationKeys(DSLContext db) {
        this.db = db;
    }

    public Optional<StoredKey> find(String key) {
        return db.select(ACTIVATION_KEY.ACTIVATION_KEY_, ACTIVATION_KEY.ORIGIN, ACTIVATION_KEY.CREATED_BY_OWNER)
                .from(ACTIVATION_KEY).where(ACTIVATION_KEY.ACTIVATION_KEY_.eq(key))
                .fetchOptional(row -> new StoredKey(row.value1(), KeyOrigin.valueOf(row.value2()), row.value3()));
    }

    public LicenseBundle licenses(String key) {
        Map<String, Integer> quantities = new LinkedHashMap<>();
        db.selectFrom(ACTIVATION_KEY_LICENSE).where(ACTIVATION_KEY_LICENSE.ACTIVATION_KEY.eq(key)).fetch()
                .forEach(line -> quantities.put(line.getLicenseCode(), line.getQuantity()));
        return LicenseLines.fromStored(quantities);
    }

    /**
     * Marks the key redeemed unless it was already; answers whether this call redeemed it. The condition in the
     * update makes "at most once" hold even when two accounts redeem the same key at the same moment.
     */
    public boolean redeem(String key, String account, String intoOwner, Instant at) {
        return db.update(ACTIVATION_KEY)
                .set(ACTIVATION_KEY.REDEEMED_BY, account)
                .set(ACTIVATION_KEY.REDEEMED_INTO, intoOwner)
                .set(ACTIVATION_KEY.REDEEMED_AT, at.atOffset(ZoneOffset.UTC))
                .where(ACTIVATION_KEY.ACTIVATION_KEY_.eq(key).and(ACTIVATION_KEY.REDEEMED_BY.isNull()))
                .execute() == 1;
    }

    public void createTransferKey(String key, String scanPayload, LicenseBundle licenses, String owner,
                                  String account, Instant at) {
        db.insertInto(ACTIVATION_KEY)
                .set(ACTIVATION_KEY.ACTIVATION_KEY_, key)
                .set(ACTIVATION_KEY.ORIGIN, KeyOrigin.TRANSFER.name())
                .set(ACTIVATION_KEY.SCAN_PAYLOAD, scanPayload)
                .set(ACTIVATION_KEY.CREATED_BY_OWNER, owner)
                .set(ACTIVATION_KEY.CREATED_BY_ACCOUNT, account)
                .set(ACTIVATION_KEY.ISSUED_AT, at.atOffset(ZoneOffset.UTC))
                .execute();
        var lines = db.insertInto(ACTIVATION_KEY_LICENSE, ACTIVATION_KEY_LICENSE.ACTIVATION_KEY,
                ACTIVATION_KEY_LICENSE.LICENSE_CODE, ACTIVATION_KEY_LICENSE.QUANTITY);
        for (var line : licenses.quantities().entrySet()) {
            lines = lines.values(key, line.getKey().print(), line.getValue());
        }
        lines.execute();
    }

    /** Keys redeemed into one owner are re-attributed to another (an account joining a group). */
    public void reattribute(String from, String to) {
        db.update(ACTIVATION_KEY).set(ACTIVATION_KEY.REDEEMED_INTO, to)
                .where(ACTIVATION_KEY.REDEEMED_INTO.eq(from)).execute();
        db.update(ACTIVATION_KEY).set(ACTIVATION_KEY.CREATED_BY_OWNER, to)
                .where(ACTIVATION_KEY.CREATED_BY_OWNER.eq(from)).execute();
    }

    public int recentFailures(String account, Instant since) {
        return db.fetchCount(REDEMPTION_FAILURE, REDEMPTION_FAILURE.ACCOUNT_ID.eq(account)
                .and(REDEMPTION_FAILURE.FAILED_AT.gt(since.atOffset(ZoneOffset.UTC))));
    }

    /** Forgets the failed redemptions before {@code before}; answers how many. */
    public int forgetFailuresBefore(Instant before) {
        return db.deleteFrom(REDEMPTION_FAILURE)
                .where(REDEMPTION_FAILURE.FAILED_AT.lt(before.atOffset(ZoneOffset.UTC)))
                .execute();
    }

    public void recordFailure(String account, Instant at) {
        db.insertInto(REDEMPTION_FAILURE)
                .set(REDEMPTION_FAILURE.ACCOUNT_ID, account)
                .set(REDEMPTION_FAILURE.FAILED_AT, at.atOffset(ZoneOffset.UTC))
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
