package com.licensemanager.platform.outbox;

import com.licensemanager.platform.messaging.AvroBinary;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Frames stored outbox payloads (plain Avro binary) for the wire: registry frame + the very same bytes.
 *
 * <p>The frame of a topic and event type (Confluent wire format: magic byte and schema id) is learnt once, by
 * passing one event of that type through the registry serializer the relay used to send every event with. So the
 * registration semantics and the artifact naming stay exactly the serializer's, while the relay no longer decodes
 * and re-encodes each payload, nor lets the serializer fingerprint the schema per record. The serializer's output
 * is checked to end with the stored payload, so a body that would differ is caught at the first event, not at a
 * consumer.
 *
 * <p>Registry calls run off the relay thread with a time limit: a registry that does not answer shows up as a
 * logged, retried relay failure naming the event type, rather than a relay that silently stops.
 */
final class RegistryFrames {

    private static final Logger log = LoggerFactory.getLogger(RegistryFrames.class);

    private final Serializer<Object> registrySerializer;
    private final Duration timeout;
    private final Executor registryCalls;
    private final Map<TopicAndType, CompletableFuture<byte[]>> frames = new ConcurrentHashMap<>();

    RegistryFrames(Serializer<Object> registrySerializer, Duration timeout) {
        this.registrySerializer = registrySerializer;
        this.timeout = timeout;
        this.registryCalls = command -> Thread.ofPlatform().name("outbox-schema-resolution").daemon().start(command);
    }

    byte[] framed(String topic, String eventType, byte[] payload) {
        byte[] frame = frame(new TopicAndType(topic, eventType), payload);
        byte[] framed = Arrays.copyOf(frame, frame.length + payload.length);
        System.arraycopy(payload, 0, framed, frame.length, payload.length);
        return framed;
    }

    private byte[] frame(TopicAndType key, byte[] samplePayload) {
        CompletableFuture<byte[]> resolution = frames.computeIfAbsent(key, k -> resolve(k, samplePayload));
        try {
            return resolution.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Left in place: the next relay attempt waits for the same registry call instead of starting another.
            throw new IllegalStateException("schema registry did not resolve the schema of " + key + " within "
                    + timeout.toMillis() + " ms; still waiting for it", e);
        } catch (ExecutionException e) {
            frames.remove(key, resolution);
            throw new IllegalStateException("could not resolve the registry schema of " + key, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resolving the registry schema of " + key, e);
        }
    }

    private CompletableFuture<byte[]> resolve(TopicAndType key, byte[] samplePayload) {
        log.info("resolving the registry schema of {} (first event of this type since start-up)", key);
        return CompletableFuture.supplyAsync(() -> {
            long started = System.nanoTime();
            Object sample;
            try {
                sample = AvroBinary.decode(key.type(), samplePayload);
            } catch (RuntimeException e) {
                throw new UnpublishableEventException("the stored payload is not a " + key.type(), e);
            }
            byte[] serialized = registrySerializer.serialize(key.topic(), sample);
            int frameLength = serialized.length - samplePayload.length;
            if (frameLength <= 0 || !Arrays.equals(serialized, frameLength, serialized.length,
                    samplePayload, 0, samplePayload.length)) {
                throw new UnpublishableEventException("the registry serializer does not write the stored Avro binary of "
                        + key + " as its body", null);
            }
            byte[] frame = Arrays.copyOf(serialized, frameLength);
            log.info("registry schema of {} resolved in {} ms: frame {}", key,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), HexFormat.of().formatHex(frame));
            return frame;
        }, registryCalls);
    }

    private record TopicAndType(String topic, String type) {
        @Override
        public String toString() {
            return type + " on " + topic;
        }
    }
}
