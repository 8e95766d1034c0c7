package com.licensemanager.platform.kafka;

import com.licensemanager.platform.messaging.InboundMessage;

/**
 * The business effect of one message. Runs inside the transaction that also records the message in the inbox and
 * writes the resulting events to the outbox; it is called at most once per message id.
 */
@FunctionalInterface
public interface MessageHandler<T> {

    void handle(InboundMessage<T> message, OutgoingEvents events);
}
