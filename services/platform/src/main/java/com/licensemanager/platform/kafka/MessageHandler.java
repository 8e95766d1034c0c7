package com.licensemanager.platform.kafka;

import com.licensemanager.platform.messaging.InboundMessage;

import java.util.List;

/**
 * The business effect of one message, on its own: a {@link BatchHandler} whose batch handles each message with this
 * method and has nothing to flush. Runs inside the transaction that also records the message in the inbox and
 * writes the resulting events to the outbox; it is called at most once per message id.
 */
@FunctionalInterface
public interface MessageHandler<T> extends BatchHandler<T> {

    void handle(InboundMessage<T> message, OutgoingEvents events);

    @Override
    default MessageBatch<T> openBatch(List<InboundMessage<T>> messages) {
        return this::handle;
    }
}
