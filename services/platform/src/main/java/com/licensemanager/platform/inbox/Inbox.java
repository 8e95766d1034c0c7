package com.licensemanager.platform.inbox;

import com.licensemanager.platform.messaging.InboundMessage;
import org.jooq.DSLContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static com.licensemanager.platform.db.Tables.INBOX;
import static org.jooq.impl.DSL.val;

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
        // Arrays, not a row of placeholders per message: the same SQL for every batch, nothing long to render.
        Set<String> recorded = new HashSet<>(db.resultQuery("""
                                insert into inbox (consumer, message_id, topic, partition, record_offset)
                                select {0}, d.message_id, d.topic, d.partition, d.record_offset
                                from unnest({1}, {2}, {3}, {4}) with ordinality
                                     as d(message_id, topic, partition, record_offset, delivered)
                                order by d.delivered
                                on conflict do nothing
                                returning message_id""",
                        val(consumer),
                        val(messages.stream().map(message -> message.envelope().id()).toArray(String[]::new)),
                        val(messages.stream().map(InboundMessage::topic).toArray(String[]::new)),
                        val(messages.stream().map(InboundMessage::partition).toArray(Integer[]::new)),
                        val(messages.stream().map(InboundMessage::offset).toArray(Long[]::new)))
                .fetch(0, String.class));
        List<InboundMessage<?>> first = new ArrayList<>(recorded.size());
        for (InboundMessage<?> message : messages) {
            if (recorded.remove(message.envelope().id())) {
                first.add(message);
            }
        }
        return first;
    }
}
