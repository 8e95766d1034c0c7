package com.licensemanager.platform.kafka;

import java.util.List;

import com.licensemanager.platform.messaging.InboundMessage;

/**
 * The business effect of one message. Runs inside the transaction that also records the message in the inbox and
 * writes the resulting events to the outbox; it is called at most once per message id.
 */
@FunctionalInterface
public interface MessageHandler<T> {

    void handle(InboundMessage<T> message, OutgoingEvents events);

    /**
     * Called in the transaction before the messages of a batch (or the single message of a retry) are handled, with
     * those of them that are handled for the first time, in order. Lets a handler take the locks the batch will need
     * in one fixed order, and read in one statement what it would otherwise read per message.
     */
    default void beforeBatch(List<InboundMessage<T>> messages) {
    }
}
