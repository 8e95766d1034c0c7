package com.licensemanager.platform.retention;

import org.jooq.DSLContext;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static com.licensemanager.platform.db.Tables.INBOX;
import static org.jooq.impl.DSL.select;

/**
 * The inbox only has to remember a message id while the message can still be redelivered: as long as its topic
 * keeps it. The default (30 days) is well beyond the inbound topics' retention (Kafka's default is 7 days).
 */
public class InboxRetention implements RetentionRule {

    private final DSLContext db;
    private final Duration keep;

    public InboxRetention(DSLContext db, Duration keep) {
        this.db = db;
        this.keep = keep;
    }

    @Override
    public String name() {
        return "inbox older than " + keep.toDays() + " days";
    }

    @Override
    public int purge(Instant now, int limit) {
        var expired = select(INBOX.CONSUMER, INBOX.MESSAGE_ID).from(INBOX)
                .where(INBOX.RECEIVED_AT.lt(now.minus(keep).atOffset(ZoneOffset.UTC))).limit(limit);
        return db.deleteFrom(INBOX)
                .where(org.jooq.impl.DSL.row(INBOX.CONSUMER, INBOX.MESSAGE_ID).in(expired))
                .execute();
    }
}
