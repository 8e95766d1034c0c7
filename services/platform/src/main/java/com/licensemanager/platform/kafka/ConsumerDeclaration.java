package com.licensemanager.platform.kafka;

import java.util.Objects;

/**
 * One consumer of the service, declared in one place: the topic it reads, its group, and the handler that decides
 * what each message means. Each feature declares its consumers as beans of this type; {@link ConsumerEndpoints}
 * turns every declaration into a batch listener container, so the path of a message is
 * topic → {@link IdempotentBatchConsumer} (inbox, one transaction per batch, outbox) → {@link #handler()}.
 *
 * @param name        the consumer's name: its listener id, its inbox partition and its metrics tag
 * @param topic       the topic it reads
 * @param payloadType the Avro record every message of the topic carries; anything else is dead-lettered
 * @param handler     what the messages do, each called at most once per message id
 * @param settings    its group id and number of consumer threads, from its feature's properties
 */
public record ConsumerDeclaration<T>(String name, String topic, Class<T> payloadType, BatchHandler<T> handler,
                                     ConsumerSettings settings) {

    public ConsumerDeclaration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payloadType, "payloadType");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(settings, "settings");
        if (settings.concurrency() < 1) {
            throw new IllegalArgumentException("consumer " + name + " needs at least one thread, not "
                    + settings.concurrency());
        }
    }

    /** The settings every consumer has; each feature's properties record carries them under its own prefix. */
    public interface ConsumerSettings {

        /** Consumer threads; messages of one key stay in order whatever the number (they share a partition). */
        int concurrency();

        /** The consumer group: instances with the same group share the topic's partitions. */
        String groupId();
    }
}
