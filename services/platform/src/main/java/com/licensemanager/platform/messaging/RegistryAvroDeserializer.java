package com.licensemanager.platform.messaging;

import com.licensemanager.platform.failures.InfrastructureUnavailableException;
import com.licensemanager.platform.failures.TransientFailures;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The registry's Avro deserializer, telling a registry that is away, failing or silent from a record that is bad.
 *
 * <p>A failure while decoding reaches the listener only as an exception Java-serialized into a record header by
 * {@code ErrorHandlingDeserializer}. The registry client's exceptions do not survive that (Kiota's
 * {@code ApiException} holds unserializable response headers), so a 503 arrived as a bare "could not serialize"
 * message and the valid record was dead-lettered. The decision is therefore taken here, with the whole cause chain
 * at hand, and a transient failure leaves as a plain {@link InfrastructureUnavailableException} that survives the
 * header and is retried until the registry answers again. A registry that never answers is given up on after a
 * silence ({@link RegistryClients}), so a stall is a failure like the others instead of a consumer stuck in poll.
 */
public class RegistryAvroDeserializer<T> extends AvroKafkaDeserializer<T> {

    /** Consumer configuration key: how long a registry call may stay silent before it counts as failed. */
    public static final String SILENCE_MS = "licensing.schema-registry.silence-ms";
    /**
     * Consumer configuration key: the Avro type each topic carries, as {@code topic=full.Name,...}. A record of
     * another type (a producer wrote a valid value of the wrong schema) is refused here, while its bytes are still
     * at hand: it then reaches the dead-letter topic as sent, instead of being re-encoded under a schema that
     * topic's dead-letter subject does not hold (which failed, and retried the record for ever).
     */
    public static final String EXPECTED_TYPES = "licensing.expected-value-types";
    private static final Duration DEFAULT_SILENCE = Duration.ofSeconds(10);

    private Map<String, String> expectedTypes = Map.of();

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        super.configure(configs, isKey);
        Object silence = configs.get(SILENCE_MS);
        RegistryClients.giveUpAfterSilence(getSchemaResolver(), String.valueOf(configs.get("apicurio.registry.url")),
                silence == null ? DEFAULT_SILENCE : Duration.ofMillis(Long.parseLong(silence.toString())));
        Object expected = configs.get(EXPECTED_TYPES);
        if (expected != null && !expected.toString().isBlank()) {
            Map<String, String> types = new HashMap<>();
            for (String entry : expected.toString().split(",")) {
                String[] topicAndType = entry.split("=", 2);
                types.put(topicAndType[0].trim(), topicAndType[1].trim());
            }
            expectedTypes = Map.copyOf(types);
        }
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        T value;
        try {
            value = super.deserialize(topic, headers, data);
        } catch (RuntimeException e) {
            throw classified(e);
        }
        return ofExpectedType(topic, value);
    }

    private T ofExpectedType(String topic, T value) {
        String expected = expectedTypes.get(topic);
        if (expected != null && value instanceof GenericContainer container
                && !container.getSchema().getFullName().equals(expected)) {
            throw new SerializationException("record of type " + container.getSchema().getFullName() + " on " + topic
                    + " where " + expected + " was expected");
        }
        return value;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        try {
            return super.deserialize(topic, data);
        } catch (RuntimeException e) {
            throw classified(e);
        }
    }

    private static RuntimeException classified(RuntimeException failure) {
        // The serde's deserialize(topic, headers, data) calls deserialize(topic, data): classify only once.
        if (failure instanceof InfrastructureUnavailableException || !TransientFailures.isTransient(failure)) {
            return failure;
        }
        Throwable root = TransientFailures.rootCause(failure);
        return new InfrastructureUnavailableException("schema registry unavailable while decoding: "
                + root.getClass().getName() + ": " + root.getMessage(), null);
    }
}
