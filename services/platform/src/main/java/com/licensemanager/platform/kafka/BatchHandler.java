package com.licensemanager.platform.kafka;

import com.licensemanager.platform.messaging.InboundMessage;

import java.util.List;

/**
 * The business effect of the messages of one transaction. {@link IdempotentBatchConsumer} opens a batch with the
 * messages handled for the first time, hands each of them to it in order, and then asks it to flush: to write what
 * it decided and to answer the events that follow from the batch as a whole. A batch that fails is redone record by
 * record, each record in a new transaction with a new batch, so nothing a failed batch read or planned survives it.
 */
@FunctionalInterface
public interface BatchHandler<T> {

    /**
     * Runs in the transaction before the first message; may read and lock in a few statements what the messages
     * need (in one fixed order, so that two batches never deadlock).
     */
    MessageBatch<T> openBatch(List<InboundMessage<T>> messages);
}
