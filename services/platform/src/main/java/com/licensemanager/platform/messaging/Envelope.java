package com.licensemanager.platform.messaging;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The identity and lineage of one message, read from or written to its headers.
 *
 * <p>{@code id} is stable across redeliveries and re-publications: it is what makes consumption idempotent.
 */
public record Envelope(String id, String type, String source, Instant time, String correlationId,
                       String causationId) {

    /**
     * Reads the envelope of an inbound record. A producer that sends no {@code ce_id} still gets exactly-once
     * effects for redeliveries of the same record, because the record's coordinates then stand in for its id.
     */
    public static Envelope read(Headers headers, String topic, int partition, long offset) {
        String id = text(headers, EnvelopeHeaders.ID);
        if (id == null || id.isBlank()) {
            id = topic + "/" + partition + "/" + offset;
        }
        String correlationId = text(headers, EnvelopeHeaders.CORRELATION_ID);
        return new Envelope(
                id,
                text(headers, EnvelopeHeaders.TYPE),
                text(headers, EnvelopeHeaders.SOURCE),
                instant(text(headers, EnvelopeHeaders.TIME)),
                correlationId == null ? id : correlationId,
                text(headers, EnvelopeHeaders.CAUSATION_ID));
    }

    public void writeTo(Headers headers) {
        put(headers, EnvelopeHeaders.ID, id);
        put(headers, EnvelopeHeaders.TYPE, type);
        put(headers, EnvelopeHeaders.SOURCE, source);
        put(headers, EnvelopeHeaders.TIME, time == null ? null : time.toString());
        put(headers, EnvelopeHeaders.CORRELATION_ID, correlationId);
        put(headers, EnvelopeHeaders.CAUSATION_ID, causationId);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
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
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
