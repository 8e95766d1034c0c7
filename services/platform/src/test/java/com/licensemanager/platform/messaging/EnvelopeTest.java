package com.licensemanager.platform.messaging;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class EnvelopeTest {

    private static final Instant AT = Instant.parse("2026-12-02T06:30:00.123Z");
    private static final Envelope ENVELOPE = new Envelope("event-1", "com.licensemanager.schemas.licensing.UnitState",
            "license-manager", AT, "request-message-1", "request-message-1");

    @Test
    void theCloudEventsSdkReadsTheHeadersAsABinaryModeEvent() {
        Headers headers = new RecordHeaders();
        ENVELOPE.writeTo(headers);
        byte[] value = {0, 0, 0, 0, 7, 2, 'x'};

        CloudEvent event = KafkaMessageFactory.createReader(headers, value).toEvent();

        assertThat(event.getSpecVersion()).isEqualTo(SpecVersion.V1);
        assertThat(event.getId()).isEqualTo("event-1");
        assertThat(event.getType()).isEqualTo("com.licensemanager.schemas.licensing.UnitState");
        assertThat(event.getSource()).isEqualTo(URI.create("license-manager"));
        assertThat(event.getTime()).isEqualTo(OffsetDateTime.ofInstant(AT, ZoneOffset.UTC));
        assertThat(event.getDataContentType()).isEqualTo("application/avro");
        assertThat(event.getExtension("correlationid")).isEqualTo("request-message-1");
        assertThat(event.getExtension("causationid")).isEqualTo("request-message-1");
        assertThat(event.getData().toBytes()).isEqualTo(value);
    }

    @Test
    void writtenHeadersAreReadBackAndReleaseOneNamesAreStillWritten() {
        Headers headers = new RecordHeaders();
        ENVELOPE.writeTo(headers);

        assertThat(Envelope.read(headers, "licensing.units.v1", 0, 0)).isEqualTo(ENVELOPE);
        assertThat(text(headers, "ce_specversion")).isEqualTo("1.0");
        assertThat(text(headers, "content-type")).isEqualTo("application/avro");
        assertThat(text(headers, "correlation_id")).isEqualTo("request-message-1");
        assertThat(text(headers, "causation_id")).isEqualTo("request-message-1");
    }

    @Test
    void writingTwiceReplacesTheEnvelopeInsteadOfAddingASecond() {
        Headers headers = new RecordHeaders();
        new Envelope("old", "t", "s", AT, "c-old", "x-old").writeTo(headers);
        ENVELOPE.writeTo(headers);

        assertThat(headers.headers("ce_id")).hasSize(1);
        assertThat(headers.headers("ce_correlationid")).hasSize(1);
        assertThat(headers.headers("correlation_id")).hasSize(1);
        assertThat(Envelope.read(headers, "licensing.units.v1", 0, 0)).isEqualTo(ENVELOPE);
    }

    @Test
    void aProducerSendingTheReleaseOneHeadersIsReadAsBefore() {
        Headers headers = new RecordHeaders();
        add(headers, "ce_id", "order-message-9");
        add(headers, "ce_type", "com.licensemanager.schemas.ordering.OrderFulfilled");
        add(headers, "ce_source", "ordering");
        add(headers, "ce_time", "2026-12-02T06:30:00.123Z");
        add(headers, "correlation_id", "checkout-4");
        add(headers, "causation_id", "cart-3");

        Envelope read = Envelope.read(headers, "ordering.orders-fulfilled.v1", 2, 17);

        assertThat(read).isEqualTo(new Envelope("order-message-9", "com.licensemanager.schemas.ordering.OrderFulfilled",
                "ordering", AT, "checkout-4", "cart-3"));
    }

    @Test
    void aRecordWithoutHeadersIsIdentifiedByItsCoordinates() {
        Envelope read = Envelope.read(new RecordHeaders(), "ordering.orders-fulfilled.v1", 2, 17);

        assertThat(read.id()).isEqualTo("ordering.orders-fulfilled.v1/2/17");
        assertThat(read.correlationId()).isEqualTo(read.id());
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
