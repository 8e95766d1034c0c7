package com.licensemanager.platform.messaging;

import com.licensemanager.platform.failures.InfrastructureUnavailableException;
import com.licensemanager.platform.failures.TransientFailures;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import org.apache.kafka.common.header.Headers;

import java.time.Duration;
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
    private static final Duration DEFAULT_SILENCE = Duration.ofSeconds(10);

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        super.configure(configs, isKey);
        Object silence = configs.get(SILENCE_MS);
        RegistryClients.giveUpAfterSilence(getSchemaResolver(), String.valueOf(configs.get("apicurio.registry.url")),
                silence == null ? DEFAULT_SILENCE : Duration.ofMillis(Long.parseLong(silence.toString())));
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        try {
            return super.deserialize(topic, headers, data);
        } catch (RuntimeException e) {
            throw classified(e);
        }
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
