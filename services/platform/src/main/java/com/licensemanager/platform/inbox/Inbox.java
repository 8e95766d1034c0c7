package com.licensemanager.platform.inbox;

import com.licensemanager.platform.messaging.InboundMessage;
import org.jooq.DSLContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

    /**
     * {@link #recordFirstDelivery} for many messages in one statement: answers, in order, those recorded now for
     * the first time. A message id that occurs twice counts once, at its first occurrence.
     */
    public List<InboundMessage<?>> recordFirstDeliveries(String consumer, List<? extends InboundMessage<?>> messages) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("the inbox must be written in the transaction of the message's effects");
        }
        if (messages.isEmpty()) {
            return List.of();
        }
        var insert = db.insertInto(INBOX, INBOX.CONSUMER, INBOX.MESSAGE_ID, INBOX.TOPIC, INBOX.PARTITION,
                INBOX.RECORD_OFFSET);
        for (InboundMessage<?> message : messages) {
            insert = insert.values(consumer, message.envelope().id(), message.topic(), message.partition(),
                    message.offset());
        }
        Set<String> recorded = new HashSet<>(insert.onConflictDoNothing().returning(INBOX.MESSAGE_ID)
                .fetch(INBOX.MESSAGE_ID));
        List<InboundMessage<?>> first = new ArrayList<>(recorded.size());
        for (InboundMessage<?> message : messages) {
            if (recorded.remove(message.envelope().id())) {
                first.add(message);
            }
        }
        return first;
    }
}
