package com.licensemanager.shipments;

import org.jooq.DSLContext;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static com.licensemanager.platform.db.Tables.PRODUCT_MODEL;
import static com.licensemanager.platform.db.Tables.UNIT;

/** The register of shipped units. */
class UnitRepository {

    private final DSLContext db;

    UnitRepository(DSLContext db) {
        this.db = db;
    }

    /** Registers the unit unless its MAC is known already; answers whether it was new. */
    boolean registerIfNew(String mac, String model, String orderNumber, Instant shippedAt) {
        return db.insertInto(UNIT)
                .set(UNIT.MAC, mac)
                .set(UNIT.MODEL, model)
                .set(UNIT.ORDER_NUMBER, orderNumber)
                .set(UNIT.SHIPPED_AT, shippedAt.atOffset(ZoneOffset.UTC))
                .onConflict(UNIT.MAC).doNothing()
                .execute() == 1;
    }

    Optional<String> modelOf(String mac) {
        return db.select(UNIT.MODEL).from(UNIT).where(UNIT.MAC.eq(mac)).fetchOptional(UNIT.MODEL);
    }

    /** The model's name as the catalogue spells it, if the catalogue has it (matched ignoring case). */
    Optional<String> catalogueModel(String model) {
        return db.select(PRODUCT_MODEL.MODEL).from(PRODUCT_MODEL)
                .where(PRODUCT_MODEL.MODEL.equalIgnoreCase(model))
                .fetchOptional(PRODUCT_MODEL.MODEL);
    }
}
