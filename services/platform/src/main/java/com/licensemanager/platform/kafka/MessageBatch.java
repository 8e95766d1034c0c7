package com.licensemanager.platform.kafka;

import com.licensemanager.platform.messaging.InboundMessage;
import com.licensemanager.platform.outbox.OutboxEvent;

import java.util.List;
import java.util.function.Supplier;

/** The messages of one transaction as a {@link BatchHandler} sees them: handled one by one, then flushed once. */
@FunctionalInterface
public interface MessageBatch<T> {

    /** Decides one message; called once per message of the batch, in order, at most once per message id. */
    void handle(InboundMessage<T> message, OutgoingEvents events);

    /**
     * After the last message, in the same transaction: writes what the batch decided and answers the events that
     * follow from the batch as a whole (published after the messages' own events). Nothing by default.
     */
    default List<OutboxEvent> flush() {
        return List.of();
    }

    /** A batch that decides each message with {@code handle} and flushes with {@code flush}. */
    static <T> MessageBatch<T> of(MessageBatch<T> handle, Supplier<List<OutboxEvent>> flush) {
        return new MessageBatch<>() {
            @Override
            public void handle(InboundMessage<T> message, OutgoingEvents events) {
                handle.handle(message, events);
            }

            @Override
            public List<OutboxEvent> flush() {
                return flush.get();
            }
        };
    }
}
