package com.licensemanager.requests.registry;

import com.licensemanager.platform.failures.TransientFailures;
import com.licensemanager.platform.messaging.ReaderPerWriterSchema;
import com.licensemanager.platform.messaging.RegistryAvroDeserializer;
import com.licensemanager.platform.messaging.RegistryClients;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.schemas.portal.RegisterAccount;
import com.licensemanager.testsupport.TestInfrastructure;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.SerializationUtils;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 16 item 2, "registry faults survived": with the real registry behind a proxy that fails on demand, a record
 * that could not be decoded or published because the registry answered 503, did not answer, or refused the
 * connection counts as transient (retried until the registry is back, never dead-lettered), and goes through once
 * the registry answers again. Decoding is checked as the listener sees it: after the failure has travelled through
 * {@link ErrorHandlingDeserializer}'s record header.
 */
class RegistryFaultsIntegrationTest {

    private static final LogAccessor LOG = new LogAccessor(RegistryFaultsIntegrationTest.class);
    private static final Duration STALL_LIMIT = Duration.ofSeconds(90);
    private static final Duration SILENCE = Duration.ofSeconds(3);

    private final LicenseRequest request = new LicenseRequest(UUID.randomUUID().toString(), "registry-faults",
            Instant.now(), new RegisterAccount("registry-faults@example.com", "Registry Faults Ltd"));
    private final byte[] framed = serializer(TestInfrastructure.get().schemaRegistryApiUrl())
            .serialize(Topics.LICENSE_REQUESTS, request);

    @Test
    void aRegistryAnsweringServerErrorsIsTransientWhileDecodingAndTheRecordDecodesOnceItIsBack() throws Exception {
        try (FaultyRegistry registry = new FaultyRegistry(TestInfrastructure.get().schemaRegistryUrl())) {
            registry.mode(FaultyRegistry.Mode.SERVER_ERROR);
            Exception plain = failureAsTheListenerSeesIt(new AvroKafkaDeserializer<>(), registry);
            System.out.printf("503 while decoding, the serde's own exception after the header: %s%n", plain.getCause());
            Exception failure = failureAsTheListenerSeesIt(new RegistryAvroDeserializer<>(), registry);
            assertThat(TransientFailures.isTransient(failure.getCause())).as("%s", failure.getCause()).isTrue();
            assertThat(registry.calls()).isPositive();

            registry.mode(FaultyRegistry.Mode.PASS);
            assertThat(decode(new RegistryAvroDeserializer<>(), registry)).isEqualTo(request);
        }
    }

    @Test
    void aStalledRegistryIsTransientWhileDecodingAndTheRecordDecodesOnceItAnswers() throws Exception {
        try (FaultyRegistry registry = new FaultyRegistry(TestInfrastructure.get().schemaRegistryUrl())) {
            registry.mode(FaultyRegistry.Mode.STALL);
            long started = System.nanoTime();
            Exception failure = CompletableFuture.supplyAsync(() -> failureAsTheListenerSeesIt(
                    new RegistryAvroDeserializer<>(), registry)).get(STALL_LIMIT.toSeconds(), TimeUnit.SECONDS);
            System.out.printf("stalled registry while decoding: gave up after %d ms: %s%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), failure.getCause());
            assertThat(TransientFailures.isTransient(failure.getCause())).as("%s", failure.getCause()).isTrue();

            registry.mode(FaultyRegistry.Mode.PASS);
            assertThat(decode(new RegistryAvroDeserializer<>(), registry)).isEqualTo(request);
        }
    }

    @Test
    void aStalledRegistryIsTransientWhilePublishingAndPublishesOnceItAnswers() throws Exception {
        try (FaultyRegistry registry = new FaultyRegistry(TestInfrastructure.get().schemaRegistryUrl())) {
            registry.mode(FaultyRegistry.Mode.STALL);
            AvroKafkaSerializer<Object> stalled = serializer(registry.url() + "/apis/registry/v3");
            RegistryClients.giveUpAfterSilence(stalled.getSchemaResolver(), registry.url() + "/apis/registry/v3", SILENCE);
            long started = System.nanoTime();
            Throwable failure = CompletableFuture.supplyAsync(() -> {
                try {
                    stalled.serialize(Topics.LICENSE_REQUESTS, request);
                    return null;
                } catch (RuntimeException e) {
                    return (Throwable) e;
                }
            }).get(STALL_LIMIT.toSeconds(), TimeUnit.SECONDS);
            System.out.printf("stalled registry while publishing: gave up after %d ms: %s%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), failure);
            assertThat(failure).isNotNull();
            assertThat(TransientFailures.isTransient(failure)).as("%s", failure).isTrue();

            registry.mode(FaultyRegistry.Mode.PASS);
            assertThat(stalled.serialize(Topics.LICENSE_REQUESTS, request)).isEqualTo(framed);
        }
    }

    @Test
    void aStoppedRegistryIsTransientWhileDecoding() {
        FaultyRegistry registry;
        try {
            registry = new FaultyRegistry(TestInfrastructure.get().schemaRegistryUrl());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        registry.close();
        Exception failure = failureAsTheListenerSeesIt(new RegistryAvroDeserializer<>(), registry);
        assertThat(TransientFailures.isTransient(failure.getCause())).as("%s", failure.getCause()).isTrue();
    }

    @Test
    void aRegistryAnsweringServerErrorsIsTransientWhilePublishingAndPublishesOnceItIsBack() throws Exception {
        try (FaultyRegistry registry = new FaultyRegistry(TestInfrastructure.get().schemaRegistryUrl())) {
            registry.mode(FaultyRegistry.Mode.SERVER_ERROR);
            assertThatThrownBy(() -> serializer(registry.url() + "/apis/registry/v3")
                    .serialize(Topics.LICENSE_REQUESTS, request))
                    .satisfies(failure -> assertThat(TransientFailures.isTransient(failure)).as("%s", failure).isTrue());

            registry.mode(FaultyRegistry.Mode.PASS);
            assertThat(serializer(registry.url() + "/apis/registry/v3").serialize(Topics.LICENSE_REQUESTS, request))
                    .isEqualTo(framed);
        }
    }

    /** Decodes as a listener's consumer does and answers the failure the listener finds in the record's header. */
    private Exception failureAsTheListenerSeesIt(Deserializer<Object> registryDeserializer, FaultyRegistry registry) {
        RecordHeaders headers = new RecordHeaders();
        Object value = errorHandling(registryDeserializer, registry).deserialize(Topics.LICENSE_REQUESTS, headers, framed);
        assertThat(value).as("decoded although the registry failed").isNull();
        ConsumerRecord<String, Object> record = new ConsumerRecord<>(Topics.LICENSE_REQUESTS, 0, 0L, 0L,
                TimestampType.CREATE_TIME, 0, framed.length, null, null, headers, Optional.empty());
        DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
        assertThat(failure).as("the failure in the header").isNotNull();
        return failure;
    }

    private Object decode(Deserializer<Object> registryDeserializer, FaultyRegistry registry) {
        return errorHandling(registryDeserializer, registry).deserialize(Topics.LICENSE_REQUESTS, new RecordHeaders(),
                framed);
    }

    /** Configured as the service's consumers are (PlatformAutoConfiguration#licensingConsumerSerde). */
    private static ErrorHandlingDeserializer<Object> errorHandling(Deserializer<Object> registryDeserializer,
                                                                   FaultyRegistry registry) {
        registryDeserializer.configure(Map.of("apicurio.registry.url", registry.url() + "/apis/registry/v3",
                "apicurio.registry.use-specific-avro-reader", true,
                "apicurio.registry.avro-datum-provider", ReaderPerWriterSchema.class.getName(),
                RegistryAvroDeserializer.SILENCE_MS, SILENCE.toMillis()), false);
        return new ErrorHandlingDeserializer<>(registryDeserializer);
    }

    /** Configured as the relay's registry serializer is (PlatformAutoConfiguration#registryProducerConfig). */
    private static AvroKafkaSerializer<Object> serializer(String registryApiUrl) {
        AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>();
        serializer.configure(Map.of("apicurio.registry.url", registryApiUrl, "apicurio.registry.auto-register", true,
                "apicurio.registry.headers.enabled", false), false);
        return serializer;
    }
}
