package com.licensemanager.platform.outbox;

import org.apache.avro.specific.SpecificRecord;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An event to publish once the transaction that wrote it commits.
 *
 * @param eventId the {@code ce_id}; deterministic where a retried command must yield the same event again
 */
public record OutboxEvent(UUID eventId, String topic, String key, SpecificRecord payload, String source,
                          String correlationId, String causationId, Instant occurredAt) {

    public OutboxEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** The {@code ce_type}: the Avro record's full name, which is also the schema consumers dispatch on. */
    public String type() {
        return payload.getSchema().getFullName();
    }
}
