package com.licensemanager.keys;

import com.licensemanager.platform.retention.RetentionRule;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.ZoneOffset;

import static com.licensemanager.platform.db.Tables.REDEMPTION_FAILURE;

/** Failed redemptions matter only inside the throttling window (15 minutes); after a day they are history. */
public class RedemptionFailureRetention implements RetentionRule {

    private final DSLContext db;

    public RedemptionFailureRetention(DSLContext db) {
        this.db = db;
    }

    @Override
    public String name() {
        return "failed redemptions older than a day";
    }

    /** The table has no key to page by; its rows are few and small, so one statement deletes them all. */
    @Override
    public int purge(Instant now, int limit) {
        return db.deleteFrom(REDEMPTION_FAILURE)
                .where(REDEMPTION_FAILURE.FAILED_AT.lt(now.minus(KeyRedemption.FAILURE_WINDOW.multipliedBy(96))
                        .atOffset(ZoneOffset.UTC)))
                .execute();
    }
}
