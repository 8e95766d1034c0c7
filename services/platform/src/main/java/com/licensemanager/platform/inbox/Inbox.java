package com.licensemanager.platform.inbox;

import com.licensemanager.platform.messaging.InboundMessage;
import org.jooq.DSLContext;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static com.licensemanager.platform.db.Tables.INBOX;

/** The record of messages already handled, per consumer: the guard that makes redelivery harmless. */
public class Inbox {

    private final DSLContext db;

    public Inbox(DSLContext db) {
        this.db = db;
    }

    /**
     * Records the message as handled by {@code consumer}; answers false if it had been recorded before.
     * Must run in the transaction that applies the message's effects, so that both commit or neither does.
     */
    public boolean recordFirstDelivery(String consumer, InboundMessage<?> message) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("the inbox must be written in the transaction of the message's effects");
        }
        return db.insertInto(INBOX)
                .set(INBOX.CONSUMER, consumer)
                .set(INBOX.MESSAGE_ID, message.envelope().id())
                .set(INBOX.TOPIC, message.topic())
                .set(INBOX.PARTITION, message.partition())
                .set(INBOX.RECORD_OFFSET, message.offset())
                .onConflictDoNothing()
                .execute() == 1;
    }
}
