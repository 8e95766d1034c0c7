package com.licensemanager.platform.kafka;

import com.licensemanager.platform.messaging.InboundMessage;
import com.licensemanager.platform.outbox.OutboxEvent;
import org.apache.avro.specific.SpecificRecord;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Collects the events one inbound message causes, carrying its correlation and naming it as their cause. */
public final class OutgoingEvents {

    private final InboundMessage<?> cause;
    private final String source;
    private final Clock clock;
    private final List<OutboxEvent> events = new ArrayList<>();

    OutgoingEvents(InboundMessage<?> cause, String source, Clock clock) {
        this.cause = cause;
        this.source = source;
        this.clock = clock;
    }

    public void publish(String topic, String key, SpecificRecord payload) {
        publish(UUID.randomUUID(), topic, key, payload);
    }

    /** Publishes with a caller-chosen id, for events that must keep their id when the same outcome is announced again. */
    public void publish(UUID eventId, String topic, String key, SpecificRecord payload) {
        events.add(new OutboxEvent(eventId, topic, key, payload, source, cause.envelope().correlationId(),
                cause.envelope().id(), clock.instant()));
    }

    /** Where events caused by this message come from, for events written later in the same transaction. */
    public Lineage lineage() {
        return new Lineage(source, cause.envelope().correlationId(), cause.envelope().id());
    }

    public record Lineage(String source, String correlationId, String causationId) {

        public OutboxEvent event(String topic, String key, SpecificRecord payload, java.time.Instant at) {
            return new OutboxEvent(UUID.randomUUID(), topic, key, payload, source, correlationId, causationId, at);
        }
    }

    List<OutboxEvent> collected() {
        return events;
    }
}
