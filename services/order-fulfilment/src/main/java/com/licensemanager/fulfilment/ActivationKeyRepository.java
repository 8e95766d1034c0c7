package com.licensemanager.fulfilment;

import com.licensemanager.platform.db.tables.records.ActivationKeyRecord;
import com.licensemanager.schemas.common.LicenseLine;
import org.jooq.DSLContext;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static com.licensemanager.platform.db.Tables.ACTIVATION_KEY;
import static com.licensemanager.platform.db.Tables.ACTIVATION_KEY_LICENSE;

/** Activation keys issued for orders. */
class ActivationKeyRepository {

    private final DSLContext db;

    ActivationKeyRepository(DSLContext db) {
        this.db = db;
    }

    Optional<IssuedActivationKey> findByOrderNumber(String orderNumber) {
        return db.selectFrom(ACTIVATION_KEY)
                .where(ACTIVATION_KEY.ORDER_NUMBER.eq(orderNumber))
                .fetchOptional()
                .map(this::withLicenses);
    }

    /**
     * Stores a newly issued key with its licenses; answers false, storing nothing, if the order number already has
     * a key (a concurrent delivery of the same order won the race).
     */
    boolean insert(IssuedActivationKey key) {
        int inserted = db.insertInto(ACTIVATION_KEY)
                .set(ACTIVATION_KEY.ACTIVATION_KEY_, key.activationKey())
                .set(ACTIVATION_KEY.ORIGIN, "ORDER")
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
