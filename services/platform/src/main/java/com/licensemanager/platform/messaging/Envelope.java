package com.licensemanager.platform.messaging;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventSerializer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The identity and lineage of one message, read from or written to its headers.
 *
 * <p>{@code id} is stable across redeliveries and re-publications: it is what makes consumption idempotent.
 *
 * <p>Written as a CloudEvent in the Kafka binding's binary mode by the CloudEvents SDK, so that any CloudEvents
 * SDK reads our messages as events (the value stays the Confluent-framed Avro, the event's data). Read by hand, so
 * that inbound messages of producers that know nothing of CloudEvents (no {@code ce_specversion}, release-1 header
 * names) are read as before.
 */
public record Envelope(String id, String type, String source, Instant time, String correlationId,
                       String causationId) {

    /** The value: Avro binary behind the Confluent frame (magic byte 0, 4-byte schema id). */
    public static final String DATA_CONTENT_TYPE = "application/avro";
    static final String CORRELATION_EXTENSION = "correlationid";
    static final String CAUSATION_EXTENSION = "causationid";

    private static final List<String> WRITTEN = List.of(EnvelopeHeaders.SPEC_VERSION, EnvelopeHeaders.ID,
            EnvelopeHeaders.TYPE, EnvelopeHeaders.SOURCE, EnvelopeHeaders.TIME, EnvelopeHeaders.CONTENT_TYPE,
            EnvelopeHeaders.CORRELATION_ID, EnvelopeHeaders.CAUSATION_ID, EnvelopeHeaders.LEGACY_CORRELATION_ID,
            EnvelopeHeaders.LEGACY_CAUSATION_ID);
    private static final CloudEventSerializer BINARY_MODE = binaryMode();

    /**
     * Reads the envelope of an inbound record. A producer that sends no {@code ce_id} still gets exactly-once
     * effects for redeliveries of the same record, because the record's coordinates then stand in for its id.
     */
    public static Envelope read(Headers headers, String topic, int partition, long offset) {
        String id = text(headers, EnvelopeHeaders.ID);
        if (id == null || id.isBlank()) {
            id = topic + "/" + partition + "/" + offset;
        }
        String correlationId = text(headers, EnvelopeHeaders.CORRELATION_ID, EnvelopeHeaders.LEGACY_CORRELATION_ID);
        return new Envelope(
                id,
                text(headers, EnvelopeHeaders.TYPE),
                text(headers, EnvelopeHeaders.SOURCE),
                timeOf(headers),
                correlationId == null ? id : correlationId,
                text(headers, EnvelopeHeaders.CAUSATION_ID, EnvelopeHeaders.LEGACY_CAUSATION_ID));
    }

    /** The record's {@code ce_time}, or null when it has none or one that does not parse. */
    public static Instant timeOf(Headers headers) {
        return instant(text(headers, EnvelopeHeaders.TIME));
    }

    /** Replaces the envelope headers of {@code headers} by this envelope's. */
    public void writeTo(Headers headers) {
        WRITTEN.forEach(headers::remove);
        // The SDK validates the attributes (source a URI reference, extension names) and writes the binding's headers.
        BINARY_MODE.serialize(null, headers, toCloudEvent());
        put(headers, EnvelopeHeaders.LEGACY_CORRELATION_ID, correlationId);
        put(headers, EnvelopeHeaders.LEGACY_CAUSATION_ID, causationId);
    }

    /** This envelope as a CloudEvent without data (the data is the record's value). */
    public CloudEvent toCloudEvent() {
        CloudEventBuilder event = CloudEventBuilder.v1()
                .withId(id)
                .withType(type)
                .withSource(URI.create(source))
                .withDataContentType(DATA_CONTENT_TYPE);
        if (time != null) {
            event.withTime(OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
        }
        if (correlationId != null) {
            event.withExtension(CORRELATION_EXTENSION, correlationId);
        }
        if (causationId != null) {
            event.withExtension(CAUSATION_EXTENSION, causationId);
        }
        return event.build();
    }

    private static CloudEventSerializer binaryMode() {
        CloudEventSerializer serializer = new CloudEventSerializer();
        serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, "BINARY"), false);
        return serializer;
    }

    private static void put(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String text(Headers headers, String name, String fallbackName) {
        String value = text(headers, name);
        return value != null ? value : text(headers, fallbackName);
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
