package com.licensemanager.bench.echo;

import com.licensemanager.platform.messaging.EnvelopeHeaders;
import com.licensemanager.platform.registry.RegistrySerdes;
import com.licensemanager.schemas.common.LicenseFile;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.schemas.licensing.LicensesAssigned;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.schemas.licensing.UnitStatus;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The transport's ceiling for the benchmark (issue 13): a trivial consume → produce of the service's shape, run in
 * its own JVM by {@link EchoProcess} so that its CPU is separable from the broker's and the driver's. Per request it
 * answers one {@link LicenseResult} (the request's own {@code requestId} and {@code actingAccount}, accepted) and one
 * {@link UnitState}, both Avro behind the registry's frame and about as large as the service's, with the envelope
 * headers the service sends; its producer is configured as the outbox relay's ({@link #producerConfig}: {@code acks=all},
 * idempotent, no lingering, the default batch size and no compression); consumers read batches of up to 500 records (the service's {@code max-poll-records}), as many consumer threads as the service's request concurrency (3 by default),
 * and commit a batch's offsets once all its answers are acknowledged. No decisions, no database: what is left is what
 * any service on this broker and driver pays per request.
 *
 * <pre>java -cp … KafkaEcho BOOTSTRAP REGISTRY_API_URL RESULT_BYTES STATE_BYTES THREADS</pre>
 */
public final class KafkaEcho {

    public static final String GROUP = "bench-echo";
    private static final int FRAME = 5; // Confluent wire format: magic byte 0, 4-byte schema id

    private final byte[] resultFrame;
    private final byte[] resultTail;
    private final byte[] state;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String bootstrapServers;

    private KafkaEcho(String bootstrapServers, String registryApiUrl, int resultBytes, int stateBytes) {
        this.bootstrapServers = bootstrapServers;
        AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();
        serializer.configure(RegistrySerdes.producerConfig(registryApiUrl, true), false);
        // The result's first two fields are the request's first two (requestId, actingAccount, both strings): an
        // answer is the result's frame, those bytes copied from the request, and a fixed tail (command, accepted,
        // rejections, an outcome padded to the size wanted). Encoded once here, so per request nothing is encoded.
        LicenseResult template = result(resultBytes);
        byte[] framed = serializer.serialize(EchoProcess.RESULTS, template);
        resultFrame = Arrays.copyOf(framed, framed.length - avro(template).length);
        resultTail = tail(template);
        state = serializer.serialize(EchoProcess.STATES, unitState(stateBytes));
        serializer.close();
        if (resultFrame.length != FRAME || state[0] != 0) {
            throw new IllegalStateException("unexpected registry frame of " + resultFrame.length + " bytes");
        }
        producer = new KafkaProducer<>(producerConfig(bootstrapServers));
    }

    /**
     * The outbox relay's producer settings (services/platform PlatformAutoConfiguration#outboxRelay): acks=all and
     * idempotence; linger 0, since the relay hands a whole pass of rows to the producer at once and a linger would only
     * delay a lone answer; batch size, compression and in-flight requests at Kafka's defaults as there. Anything else
     * would make the echo a floor of another transport than the service's.
     */
    static Map<String, Object> producerConfig(String bootstrapServers) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.CLIENT_ID_CONFIG, "bench-echo");
    }

    public static void main(String[] args) throws InterruptedException {
        KafkaEcho echo = new KafkaEcho(args[0], args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        int threads = Integer.parseInt(args[4]);
        System.out.printf("echo: result value %d bytes + the request's id and account, state value %d bytes, %d"
                + " consumer threads%n", echo.resultFrame.length + echo.resultTail.length, echo.state.length, threads);
        List<Thread> running = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int number = i;
            running.add(Thread.ofPlatform().name("echo-" + i).start(() -> echo.consume(number)));
        }
        for (Thread thread : running) {
            thread.join(); // stopped by SIGTERM (EchoProcess)
        }
    }

    private void consume(int thread) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-echo-" + thread);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        String idPrefix = "echo-" + ProcessHandle.current().pid() + "-" + thread + "-";
        long sequence = 0;
        byte[] resultType = bytes(LicenseResult.getClassSchema().getFullName());
        byte[] stateType = bytes(UnitState.getClassSchema().getFullName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(EchoProcess.REQUESTS));
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            while (!Thread.currentThread().isInterrupted()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                byte[] time = bytes(Instant.now().toString());
                for (ConsumerRecord<byte[], byte[]> request : records) {
                    byte[] id = bytes(idPrefix + sequence++);
                    sent.add(producer.send(new ProducerRecord<>(EchoProcess.RESULTS, null, request.key(),
                            answer(resultFrame, resultTail, request.value()), envelope(id, resultType, time, id))));
                    sent.add(producer.send(new ProducerRecord<>(EchoProcess.STATES, null, request.key(), state,
                            envelope(bytes(idPrefix + sequence++), stateType, time, id))));
                }
                // at least once, as the service: the batch's offsets only once all its answers are on the broker
                for (Future<RecordMetadata> future : sent) {
                    future.get();
                }
                sent.clear();
                consumer.commitAsync();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker refused an answer", e.getCause());
        }
    }

    private static final byte[] SOURCE = bytes("license-manager");
    private static final byte[] SPEC_VERSION = bytes("1.0");
    private static final byte[] CONTENT_TYPE = bytes("application/avro");

    /** The envelope headers the service's records carry (as Envelope writes them), from bytes ready beforehand. */
    private static List<Header> envelope(byte[] id, byte[] type, byte[] time, byte[] correlationId) {
        return List.of(new RecordHeader(EnvelopeHeaders.SPEC_VERSION, SPEC_VERSION),
                new RecordHeader(EnvelopeHeaders.ID, id), new RecordHeader(EnvelopeHeaders.SOURCE, SOURCE),
                new RecordHeader(EnvelopeHeaders.TYPE, type), new RecordHeader(EnvelopeHeaders.TIME, time),
                new RecordHeader(EnvelopeHeaders.CONTENT_TYPE, CONTENT_TYPE),
                new RecordHeader(EnvelopeHeaders.CORRELATION_ID, correlationId));
    }

    /** A result's Avro body without its first two fields (requestId and actingAccount, two empty strings here). */
    public static byte[] tail(LicenseResult template) {
        LicenseResult copy = LicenseResult.newBuilder(template).setRequestId("").setActingAccount("").build();
        byte[] empty = avro(copy);
        return Arrays.copyOfRange(empty, 2, empty.length); // after two empty strings (a zero length each)
    }

    /**
     * The result for one framed request: the result's frame, the request's requestId and actingAccount as they are
     * (both records start with these two strings), the fixed tail.
     */
    public static byte[] answer(byte[] resultFrame, byte[] resultTail, byte[] request) {
        if (request == null || request.length < FRAME || request[0] != 0) {
            throw new IllegalStateException("not a registry-framed Avro request");
        }
        int end = skipString(request, skipString(request, FRAME));
        byte[] answer = new byte[end + resultTail.length];
        System.arraycopy(resultFrame, 0, answer, 0, FRAME);
        System.arraycopy(request, FRAME, answer, FRAME, end - FRAME);
        System.arraycopy(resultTail, 0, answer, end, resultTail.length);
        return answer;
    }

    /** The position after the Avro string at {@code position} (zig-zag varint length, then the bytes). */
    static int skipString(byte[] avro, int position) {
        long raw = 0;
        int shift = 0;
        int at = position;
        byte b;
        do {
            b = avro[at++];
            raw |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        long length = (raw >>> 1) ^ -(raw & 1);
        return at + (int) length;
    }

    /** An accepted AssignLicenses result with a license file, its content padded so the whole is about {@code size}. */
    public static LicenseResult result(int size) {
        List<LicenseLine> lines = List.of(new LicenseLine("PBX6#15", 1), new LicenseLine("Registrations", 10),
                new LicenseLine("Channels", 8));
        LicenseResult result = LicenseResult.newBuilder().setRequestId("r").setActingAccount("acct-bench-0001")
                .setCommand("AssignLicenses").setAccepted(true).setRejections(List.of())
                .setOutcome(new LicensesAssigned("00-90-33-00-00-01", lines, lines,
                        new LicenseFile("00-90-33-00-00-01", 1, Instant.now(), ""))).build();
        ((LicensesAssigned) result.getOutcome()).getLicenseFile().setContent(padding(size - FRAME - avro(result).length));
        return result;
    }

    /** A licensed unit's state with a license file, its content padded so the whole is about {@code size}. */
    static UnitState unitState(int size) {
        List<LicenseLine> lines = List.of(new LicenseLine("PBX6#15", 1), new LicenseLine("Registrations", 10),
                new LicenseLine("Channels", 8), new LicenseLine("BRI", 1), new LicenseLine("PRI", 1));
        UnitState state = UnitState.newBuilder().setMac("00-90-33-00-00-01").setDisplayedMac("00-90-33-00-00-01")
                .setModel("IP811").setStatus(UnitStatus.OK).setOwner("acct-bench-0001").setAssignedBy("acct-bench-0001")
                .setEndUser(null).setLicenses(lines).setCopyOf(null).setMovedTo(null).setEndCustomer("End customer 42")
                .setLocation("Site 7").setComment1("bench").setComment2(null)
                .setLicenseFile(new LicenseFile("00-90-33-00-00-01", 1, Instant.now(), "")).setVersion(1)
                .setUpdatedAt(Instant.now()).build();
        state.getLicenseFile().setContent(padding(size - FRAME - avro(state).length));
        return state;
    }

    private static String padding(int length) {
        // a length above 63 takes a second varint byte
        return "x".repeat(Math.max(0, length > 64 ? length - 1 : length));
    }

    public static byte[] avro(SpecificRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
