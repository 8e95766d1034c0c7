package com.licensemanager.platform.outbox;

import com.licensemanager.platform.PlatformDatabase;
import com.licensemanager.platform.messaging.AvroBinary;
import com.licensemanager.platform.messaging.EnvelopeHeaders;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.common.Rejection;
import com.licensemanager.schemas.licensing.RmaNotificationRejected;
import com.licensemanager.schemas.licensing.UnitShipmentRejected;
import com.licensemanager.schemas.repair.RmaEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import com.microsoft.kiota.ApiException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static com.licensemanager.platform.db.Tables.OUTBOX;
import static com.licensemanager.platform.db.Tables.OUTBOX_PARKED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The relay against a real PostgreSQL and Kafka's own producer double ({@link MockProducer}) behind the
 * {@link KafkaTemplate}: which events leave, in which order, with which headers and bytes, and what stays in the
 * outbox when the broker does not acknowledge. The broker end to end is tested elsewhere.
 */
class OutboxRelayTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    static final PlatformDatabase database = new PlatformDatabase();
    private DSLContext db;

    private final OutboxSignal signal = new OutboxSignal();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<OutboxRelay> started = new ArrayList<>();
    private Outbox outbox;

    @BeforeEach
    void outboxOfTheDatabase() {
        db = database.db();
        outbox = new Outbox(db, signal);
    }

    @AfterEach
    void stopRelays() {
        started.forEach(OutboxRelay::stop);
    }

    @Test
    void committedEventsLeaveInTheOrderTheyWereWrittenThenTheOutboxForgetsThem() {
        // Two units' events interleaved over two topics and two transactions: the outbox id order is the commit order.
        List<OutboxEvent> written = List.of(rmaRejected("00-90-33-00-00-01"), shipmentRejected("00-90-33-00-00-02"),
                rmaRejected("00-90-33-00-00-02"));
        List<OutboxEvent> writtenLater = List.of(rmaRejected("00-90-33-00-00-01"), shipmentRejected("00-90-33-00-00-01"));
        write(written);
        write(writtenLater);
        Broker broker = Broker.acknowledging();
        OutboxRelay relay = relay(broker, new Registry(), 10);

        assertThat(relay.relayOneRound()).isEqualTo(5);

        assertThat(eventIds(broker.history())).containsExactlyElementsOf(eventIds(concat(written, writtenLater)));
        assertThat(broker.history()).extracting(ProducerRecord::topic, ProducerRecord::key).containsExactly(
                tuple(Topics.RMA_REJECTIONS, "00-90-33-00-00-01"), tuple(Topics.SHIPMENT_REJECTIONS, "00-90-33-00-00-02"),
                tuple(Topics.RMA_REJECTIONS, "00-90-33-00-00-02"), tuple(Topics.RMA_REJECTIONS, "00-90-33-00-00-01"),
                tuple(Topics.SHIPMENT_REJECTIONS, "00-90-33-00-00-01"));
        assertThat(outboxSize()).isZero();
        assertThat(relay.relayOneRound()).isZero();
        assertThat(broker.history()).hasSize(5);
    }

    @Test
    void aRoundLocksTheShardsWithRowsInOneStatementReadsTheirRowsInAnotherAndDeletesWhatLeftInAThird() {
        // At light load a round carries one request's result and state: every round trip it costs is a wait both pay.
        write(List.of(rmaRejected("00-90-33-00-00-01"), shipmentRejected("00-90-33-00-00-02"),
                rmaRejected("00-90-33-00-00-03")));
        List<String> executed = new CopyOnWriteArrayList<>();
        DSLContext counting = db.configuration().derive(new DefaultExecuteListenerProvider(new ExecuteListener() {
            @Override
            public void executeStart(ExecuteContext context) {
                executed.add(context.sql());
            }
        })).dsl();
        Broker broker = Broker.acknowledging();
        OutboxRelay relay = new OutboxRelay(counting, database.transactions(), template(broker), new Registry(),
                Duration.ofSeconds(5), signal, 16, 10, Duration.ofMillis(50), SEND_TIMEOUT, meters);

        assertThat(relay.relayOneRound()).isEqualTo(3);

        assertThat(broker.history()).hasSize(3);
        assertThat(outboxSize()).isZero();
        assertThat(executed).hasSize(3);
        assertThat(executed.get(0)).contains("order by id limit").contains("pg_try_advisory_xact_lock");
        assertThat(executed.get(1)).startsWith("select").contains("from outbox");
        assertThat(executed.get(2)).startsWith("delete from outbox");
    }

    @Test
    void eachEventLeavesWithItsEnvelopeAndTheRegistryFrameBeforeItsStoredBytes() {
        OutboxEvent event = rmaRejected("00-90-33-00-00-01");
        write(List.of(event));
        Broker broker = Broker.acknowledging();
        Registry registry = new Registry();

        relay(broker, registry, 10).relayOneRound();

        ProducerRecord<String, byte[]> sent = broker.history().getFirst();
        assertThat(header(sent, EnvelopeHeaders.ID)).isEqualTo(event.eventId().toString());
        assertThat(header(sent, EnvelopeHeaders.TYPE)).isEqualTo(event.type());
        assertThat(header(sent, EnvelopeHeaders.SOURCE)).isEqualTo("license-manager");
        // RFC 3339 as the CloudEvents SDK writes it (trailing zeros of the fraction dropped): compared as instants.
        assertThat(OffsetDateTime.parse(header(sent, EnvelopeHeaders.TIME)).toInstant()).isEqualTo(NOW);
        assertThat(header(sent, EnvelopeHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(header(sent, EnvelopeHeaders.CONTENT_TYPE)).isEqualTo("application/avro");
        assertThat(header(sent, EnvelopeHeaders.CORRELATION_ID)).isEqualTo("order-7");
        assertThat(header(sent, EnvelopeHeaders.CAUSATION_ID)).isEqualTo("notification-7");
        assertThat(header(sent, EnvelopeHeaders.LEGACY_CORRELATION_ID)).isEqualTo("order-7");
        assertThat(header(sent, EnvelopeHeaders.LEGACY_CAUSATION_ID)).isEqualTo("notification-7");
        // Confluent wire format: magic byte 0 and the schema id the registry gave this type, then the plain Avro body.
        byte[] value = sent.value();
        assertThat(Arrays.copyOf(value, 5)).isEqualTo(registry.frameOf(event.type()));
        assertThat(AvroBinary.decode(event.type(), Arrays.copyOfRange(value, 5, value.length)))
                .isEqualTo(event.payload());
    }

    @Test
    void theRegistryIsAskedOncePerTopicAndEventType() {
        write(List.of(rmaRejected("00-90-33-00-00-01"), rmaRejected("00-90-33-00-00-02"),
                shipmentRejected("00-90-33-00-00-03")));
        Registry registry = new Registry();
        OutboxRelay relay = relay(Broker.acknowledging(), registry, 10);
        relay.relayOneRound();
        write(List.of(rmaRejected("00-90-33-00-00-04")));

        relay.relayOneRound();

        // Learning a type's frame costs a registry call; every later event of the type reuses it.
        assertThat(registry.calls.get()).isEqualTo(2);
    }

    @Test
    void aSendTheBrokerRejectsLeavesTheWholeBatchForTheNextRunInTheSameOrder() {
        List<OutboxEvent> written = List.of(rmaRejected("00-90-33-00-00-01"), rmaRejected("00-90-33-00-00-02"),
                rmaRejected("00-90-33-00-00-01"));
        write(written);
        Broker broker = Broker.waitingForAcknowledgement();
        OutboxRelay relay = relay(broker, new Registry(), 10);

        CompletableFuture<Integer> firstRun = CompletableFuture.supplyAsync(relay::relayOneRound);
        await().until(() -> broker.history().size() == 3);
        broker.completeNext();
        broker.completeNext();
        broker.errorNext(new NotLeaderOrFollowerException("leader moved"));

        assertThat(firstRun).failsWithin(SEND_TIMEOUT);
        assertThat(outboxSize()).isEqualTo(3);

        CompletableFuture<Integer> secondRun = CompletableFuture.supplyAsync(relay::relayOneRound);
        await().until(() -> broker.history().size() == 6);
        broker.acknowledgeAll();

        assertThat(secondRun).succeedsWithin(SEND_TIMEOUT).isEqualTo(3);
        // At least once: the two events the broker had acknowledged leave again, with the same ce_id, so consumers
        // skip them; none is lost and the per-unit order holds.
        assertThat(eventIds(broker.history())).containsExactlyElementsOf(eventIds(concat(written, written)));
        assertThat(outboxSize()).isZero();
    }

    /** Issue 16: one oversize event (a balance state of 17,595 activations) stopped every answer for everyone. */
    @Test
    void anEventTheBrokerWillNeverAcceptIsParkedWithAnAlertAndTheEventsBehindItLeave() {
        List<OutboxEvent> written = List.of(rmaRejected("00-90-33-00-00-01"), rmaRejected("00-90-33-00-00-02"),
                rmaRejected("00-90-33-00-00-03"));
        write(written);
        Broker broker = Broker.waitingForAcknowledgement();
        OutboxRelay relay = relay(broker, new Registry(), 10);

        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(relay::relayOneRound);
        await().until(() -> broker.history().size() == 3);
        broker.completeNext();
        broker.errorNext(new RecordTooLargeException("The message is 1067929 bytes when serialized"));
        broker.completeNext();

        assertThat(run).succeedsWithin(SEND_TIMEOUT).isEqualTo(3);
        assertThat(outboxSize()).isZero();
        assertThat(db.selectFrom(OUTBOX_PARKED).fetch()).singleElement().satisfies(parked -> {
            assertThat(parked.getEventId()).isEqualTo(written.get(1).eventId());
            assertThat(parked.getMessageKey()).isEqualTo("00-90-33-00-00-02");
            assertThat(parked.getReason()).contains("RecordTooLargeException", "1067929 bytes");
            assertThat(AvroBinary.decode(parked.getEventType(), parked.getPayload())).isEqualTo(written.get(1).payload());
        });
        assertThat(meters.counter("licensing.outbox.parked").count()).isEqualTo(1);
        // Nothing is sent again: the next run finds an empty outbox.
        assertThat(relay.relayOneRound()).isZero();
        assertThat(broker.history()).hasSize(3);
    }

    @Test
    void eventsWhoseSchemaTheRegistryRefusesAreParkedAndOtherTypesLeave() {
        write(List.of(rmaRejected("00-90-33-00-00-01"), shipmentRejected("00-90-33-00-00-02"),
                rmaRejected("00-90-33-00-00-03")));
        Broker broker = Broker.acknowledging();
        Registry registry = new Registry();
        registry.answer(UnitShipmentRejected.getClassSchema().getFullName(), 409);

        assertThat(relay(broker, registry, 10).relayOneRound()).isEqualTo(3);

        assertThat(broker.history()).extracting(ProducerRecord::key)
                .containsExactly("00-90-33-00-00-01", "00-90-33-00-00-03");
        assertThat(db.select(OUTBOX_PARKED.MESSAGE_KEY).from(OUTBOX_PARKED).fetch(OUTBOX_PARKED.MESSAGE_KEY))
                .containsExactly("00-90-33-00-00-02");
    }

    @Test
    void aRegistryThatIsAwayOrFailingParksNothingAndKeepsEveryRow() {
        write(List.of(rmaRejected("00-90-33-00-00-01"), shipmentRejected("00-90-33-00-00-02")));
        Broker broker = Broker.acknowledging();
        Registry registry = new Registry();
        registry.answer(UnitShipmentRejected.getClassSchema().getFullName(), 503);
        OutboxRelay relay = relay(broker, registry, 10);

        assertThatThrownBy(relay::relayOneRound).isInstanceOf(RuntimeException.class);

        assertThat(outboxSize()).isEqualTo(2);
        assertThat(db.fetchCount(OUTBOX_PARKED)).isZero();
        registry.answer(UnitShipmentRejected.getClassSchema().getFullName(), 200);
        assertThat(relay.relayOneRound()).isEqualTo(2);
        assertThat(outboxSize()).isZero();
    }

    @Test
    void aNewRelayContinuesWhereTheStoppedOneLeftOff() {
        List<OutboxEvent> written = new ArrayList<>();
        for (int unit = 1; unit <= 5; unit++) {
            written.add(rmaRejected("00-90-33-00-00-0" + unit % 2));
        }
        write(written);
        Broker before = Broker.acknowledging();
        assertThat(relay(before, new Registry(), 2).relayOneRound()).isEqualTo(2);

        // A restart: a new relay with its own producer and no frames learnt yet, running its own loop.
        Broker after = Broker.acknowledging();
        start(relay(after, new Registry(), 2));

        await().until(() -> outboxSize() == 0);
        List<ProducerRecord<String, byte[]>> all = concat(before.history(), after.history());
        assertThat(eventIds(all)).containsExactlyElementsOf(eventIds(written));
    }

    @Test
    void whileOneRelayAwaitsTheBrokerAnotherPublishesNothing() {
        write(List.of(rmaRejected("00-90-33-00-00-01"), rmaRejected("00-90-33-00-00-01")));
        Broker first = Broker.waitingForAcknowledgement();
        OutboxRelay relaying = relay(first, new Registry(), 10);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(relaying::relayOneRound);
        await().until(() -> first.history().size() == 2);

        // A second service instance's relay: it must not send the same rows meanwhile, or a unit's events could
        // leave out of order.
        Broker second = Broker.acknowledging();
        assertThat(relay(second, new Registry(), 10).relayOneRound()).isZero();
        assertThat(second.history()).isEmpty();

        first.acknowledgeAll();
        assertThat(run).succeedsWithin(SEND_TIMEOUT).isEqualTo(2);
    }

    /**
     * Issue 16: the relay scales out. Units in different shards leave at once; one unit's events never do. A round
     * takes at most half the shards (2 of 4), so while the first relay awaits the broker for two units' shards, a
     * second relay publishes the third unit's.
     */
    @Test
    void whileOneRelayAwaitsTheBrokerForItsShardsAnotherPublishesTheOtherShardsOnly() {
        String unit = "00-90-33-00-00-01";
        String secondUnit = unitInAnotherShardThan(List.of(unit), 4);
        String thirdUnit = unitInAnotherShardThan(List.of(unit, secondUnit), 4);
        List<OutboxEvent> written = List.of(rmaRejected(unit), rmaRejected(secondUnit), rmaRejected(unit),
                rmaRejected(thirdUnit));
        write(written);
        Broker first = Broker.waitingForAcknowledgement();
        OutboxRelay relaying = relay(first, new Registry(), 4, 10);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(relaying::relayOneRound);
        // The first relay holds two of the three waiting shards, all their events sent but none acknowledged.
        await().until(() -> {
            List<String> sentUnits = first.history().stream().map(ProducerRecord::key).distinct().toList();
            return sentUnits.size() == 2
                    && first.history().size() == written.stream().filter(e -> sentUnits.contains(e.key())).count();
        });
        List<String> heldUnits = first.history().stream().map(ProducerRecord::key).distinct().toList();

        Broker second = Broker.acknowledging();
        int publishedMeanwhile = relay(second, new Registry(), 4, 10).relayOneRound();

        assertThat(publishedMeanwhile).isEqualTo(written.size() - first.history().size());
        assertThat(second.history()).extracting(ProducerRecord::key).doesNotContainAnyElementsOf(heldUnits);
        first.acknowledgeAll();
        assertThat(run).succeedsWithin(SEND_TIMEOUT);
        assertThat(outboxSize()).isZero();
        // The unit's two events left from one relay (the units are apart), in the order written, once each.
        assertThat(eventIds(concat(first.history(), second.history()).stream()
                .filter(sent -> sent.key().equals(unit)).toList()))
                .containsExactly(written.get(0).eventId().toString(), written.get(2).eventId().toString());
    }

    /**
     * Issue 13: a round sends the rows of every shard it holds before it awaits any acknowledgement, and commits them
     * together; a shard whose send failed keeps its rows for the next round, the other shard's rows are gone.
     */
    @Test
    void aRoundSendsAllItsShardsAtOnceAndOnlyTheShardWhoseSendFailedKeepsItsRows() {
        String unit = "00-90-33-00-00-01";
        String otherUnit = unitInAnotherShardThan(List.of(unit), 4);
        List<OutboxEvent> written = List.of(rmaRejected(unit), rmaRejected(otherUnit), rmaRejected(unit));
        write(written);
        Broker broker = Broker.waitingForAcknowledgement();
        OutboxRelay relay = relay(broker, new Registry(), 4, 10);

        CompletableFuture<Integer> firstRun = CompletableFuture.supplyAsync(relay::relayOneRound);
        // All three are out before the broker answered any: the two shards did not wait for each other.
        await().until(() -> broker.history().size() == 3);
        broker.completeNext();
        broker.errorNext(new NotLeaderOrFollowerException("leader moved"));
        broker.completeNext();

        assertThat(firstRun).failsWithin(SEND_TIMEOUT);
        assertThat(db.select(OUTBOX.EVENT_ID).from(OUTBOX).fetch(OUTBOX.EVENT_ID))
                .containsExactly(written.get(1).eventId());

        Broker later = Broker.acknowledging();
        assertThat(relay(later, new Registry(), 4, 10).relayOneRound()).isEqualTo(1);
        assertThat(eventIds(later.history())).containsExactly(written.get(1).eventId().toString());
        assertThat(outboxSize()).isZero();
    }

    @Test
    void aCommitWakesTheRelayWithoutWaitingForItsPoll() {
        write(List.of(rmaRejected("00-90-33-00-00-01")));
        Broker broker = Broker.acknowledging();
        // Polls rarely: only the signal sent after a commit can make the second event leave within the wait.
        start(new OutboxRelay(db, database.transactions(), template(broker), new Registry(), Duration.ofSeconds(5),
                signal, 1, 10, Duration.ofMinutes(10), SEND_TIMEOUT, new SimpleMeterRegistry()));
        await().until(() -> broker.history().size() == 1);

        write(List.of(rmaRejected("00-90-33-00-00-02")));

        await().atMost(Duration.ofSeconds(5)).until(() -> broker.history().size() == 2);
    }

    // --- the outbox ----------------------------------------------------------------------------------------------

    private void write(List<OutboxEvent> events) {
        database.transactions().executeWithoutResult(status -> outbox.add(events));
    }

    /** A unit whose MAC falls in another of {@code shards} shards than the given one's, as PostgreSQL hashes them. */
    /** A unit whose shard (of {@code shards}) is none of these units' shards. */
    private String unitInAnotherShardThan(List<String> units, int shards) {
        List<Integer> taken = units.stream().map(unit -> shardOf(unit, shards)).toList();
        for (int i = 2; ; i++) {
            String candidate = String.format("00-90-33-00-00-%02X", i);
            if (!taken.contains(shardOf(candidate, shards))) {
                return candidate;
            }
        }
    }

    private int shardOf(String unit, int shards) {
        return db.fetchValue("select mod(hashtext(?) & 2147483647, ?)", unit, shards) instanceof Number n
                ? n.intValue() : -1;
    }

    private int outboxSize() {
        return db.fetchCount(OUTBOX);
    }

    private static OutboxEvent rmaRejected(String mac) {
        return event(Topics.RMA_REJECTIONS, mac, RmaNotificationRejected.newBuilder().setNotificationId("notification-7")
                .setMac(mac).setEvent(RmaEvent.RECEIVED_FOR_REPAIR).setRejections(List.of(unitUnknown()))
                .setRejectedAt(NOW).build());
    }

    private static OutboxEvent shipmentRejected(String mac) {
        return event(Topics.SHIPMENT_REJECTIONS, mac, UnitShipmentRejected.newBuilder().setModel("LM-200")
                .setMac(mac).setRejections(List.of(unitUnknown())).setRejectedAt(NOW).build());
    }

    private static Rejection unitUnknown() {
        return Rejection.newBuilder().setReason("UNIT_UNKNOWN").setMessage("no unit with this MAC").build();
    }

    private static OutboxEvent event(String topic, String key, SpecificRecord payload) {
        return new OutboxEvent(UUID.randomUUID(), topic, key, payload, "license-manager", "order-7", "notification-7",
                NOW);
    }

    // --- the relay and what it sent ------------------------------------------------------------------------------

    /** One shard: the whole outbox in id order, whatever the keys. */
    private OutboxRelay relay(Broker broker, Registry registry, int batchSize) {
        return relay(broker, registry, 1, batchSize);
    }

    private OutboxRelay relay(Broker broker, Registry registry, int shards, int batchSize) {
        return new OutboxRelay(db, database.transactions(), template(broker), registry, Duration.ofSeconds(5), signal,
                shards, batchSize, Duration.ofMillis(50), SEND_TIMEOUT, meters);
    }

    private void start(OutboxRelay relay) {
        started.add(relay);
        relay.start();
    }

    private static KafkaTemplate<String, byte[]> template(Broker broker) {
        return new KafkaTemplate<>(new MockProducerFactory<>(() -> broker));
    }

    private static List<String> eventIds(List<?> sentOrWritten) {
        return sentOrWritten.stream().map(item -> item instanceof OutboxEvent event ? event.eventId().toString()
                : header((ProducerRecord<?, ?>) item, EnvelopeHeaders.ID)).toList();
    }

    private static String header(ProducerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static <T> List<T> concat(List<? extends T> first, List<? extends T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

    /**
     * Kafka's producer double. The template closes its producer after every send because the real factory hands it
     * a shared, close-safe one; so this one ignores close, as that one does, and keeps its history.
     */
    private static final class Broker extends MockProducer<String, byte[]> {

        private Broker(boolean autoComplete) {
            super(autoComplete, null, new StringSerializer(), new ByteArraySerializer());
        }

        static Broker acknowledging() {
            return new Broker(true);
        }

        /** Holds every send until the test completes or fails it, in order. */
        static Broker waitingForAcknowledgement() {
            return new Broker(false);
        }

        void acknowledgeAll() {
            while (completeNext()) {
                // one acknowledgement per pending send
            }
        }

        @Override
        public void close(Duration timeout) {
        }
    }

    /**
     * Stands in for the registry's Avro serializer, the relay's one contact with the registry: it frames the plain
     * Avro body in the Confluent wire format with an id per event type, as the registry would hand out.
     */
    private static final class Registry implements Serializer<Object> {

        private final Map<String, Integer> schemaIds = new ConcurrentHashMap<>();
        private final Map<String, Integer> statusOf = new ConcurrentHashMap<>();
        final AtomicInteger calls = new AtomicInteger();

        /** From now on the registry answers calls for this event type with this HTTP status (200: as it should). */
        void answer(String eventType, int status) {
            statusOf.put(eventType, status);
        }

        @Override
        public byte[] serialize(String topic, Object data) {
            calls.incrementAndGet();
            SpecificRecord record = (SpecificRecord) data;
            int status = statusOf.getOrDefault(record.getSchema().getFullName(), 200);
            if (status != 200) {
                // As the registry client reports an answer it did not want: Kiota's ApiException with the status.
                throw new org.apache.kafka.common.errors.SerializationException("registry call failed",
                        new ApiException("registry answered " + status) {
                            {
                                setResponseStatusCode(status);
                            }
                        });
            }
            byte[] body = AvroBinary.encode(record);
            return ByteBuffer.allocate(5 + body.length).put(frameOf(record.getSchema().getFullName())).put(body)
                    .array();
        }

        byte[] frameOf(String eventType) {
            int id = schemaIds.computeIfAbsent(eventType, type -> 100 + schemaIds.size());
            return ByteBuffer.allocate(5).put((byte) 0).putInt(id).array();
        }
    }
}
