package com.licensemanager.requests.direct;

import com.licensemanager.licensing.catalogue.ProductCatalogue;
import com.licensemanager.licensing.key.ActivationKey;
import com.licensemanager.licensing.mac.MacAddress;
import com.licensemanager.licensing.unit.UnitRules;
import com.licensemanager.localstack.PostgresServer;
import com.licensemanager.platform.catalogue.CatalogueLoader;
import com.licensemanager.platform.inbox.Inbox;
import com.licensemanager.platform.kafka.ConsumerDeclaration;
import com.licensemanager.platform.kafka.IdempotentBatchConsumer;
import com.licensemanager.platform.messaging.AvroBinary;
import com.licensemanager.platform.messaging.EnvelopeHeaders;
import com.licensemanager.platform.outbox.Outbox;
import com.licensemanager.platform.outbox.OutboxSignal;
import com.licensemanager.platform.timers.DurableTimers;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.requests.LicenseRequestsAutoConfiguration;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.state.LicensingStateAutoConfiguration;
import com.licensemanager.state.keys.ActivationKeys;
import com.licensemanager.state.keys.IssuedActivationKey;
import com.licensemanager.state.units.Units;
import com.licensemanager.testsupport.SettableClock;
import com.licensemanager.testsupport.portal.LicensingPortal.Answer;
import com.licensemanager.testsupport.portal.LicensingPortal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jooq.autoconfigure.JooqAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

import static com.licensemanager.platform.db.Tables.OUTBOX;

/**
 * The license requests decided on PostgreSQL alone: the module's real wiring (licensing state and license requests
 * auto-configurations) on a real database, with no broker and no registry. A request is handed, as the record a
 * broker would deliver, to the same {@link IdempotentBatchConsumer} the service builds from the consumer's
 * declaration (inbox, handler, outbox in one transaction), and its answer is read back from the outbox.
 *
 * <p>Use: {@code @RegisterExtension static final DirectLicensing licensing = new DirectLicensing();} — one
 * application context and one database per test class, one PostgreSQL per test JVM.
 */
public final class DirectLicensing implements BeforeAllCallback, AfterAllCallback {

    private static final String SOURCE = "direct-licensing-test";
    private static final AtomicInteger NEXT_DEVICE = new AtomicInteger(0x300000);
    private static PostgresServer server;

    private final AtomicLong offsets = new AtomicLong();
    private ConfigurableApplicationContext context;
    private IdempotentBatchConsumer<LicenseRequest> consumer;
    private DSLContext db;

    @Override
    public void beforeAll(ExtensionContext extension) {
        PostgresServer postgres = server();
        String database = "direct_" + extension.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT);
        context = new SpringApplicationBuilder(Wiring.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "spring.datasource.url=" + postgres.createDatabase(database),
                        "spring.datasource.username=" + postgres.username(),
                        "spring.datasource.password=" + postgres.password(),
                        "spring.jooq.sql-dialect=postgres",
                        "spring.main.banner-mode=off",
                        "licensing.signing.development-key-directory=target/dev-signing-keys")
                .run();
        db = context.getBean(DSLContext.class);
        @SuppressWarnings("unchecked")
        ConsumerDeclaration<LicenseRequest> declaration = (ConsumerDeclaration<LicenseRequest>)
                context.getBean("licenseRequestsConsumer", ConsumerDeclaration.class);
        // Built as ConsumerEndpoints builds it for a listener container: the declaration's handler on the platform.
        consumer = new IdempotentBatchConsumer<>(declaration.name(), declaration.payloadType(), declaration.handler(),
                context.getBean(TransactionTemplate.class), context.getBean(Inbox.class),
                context.getBean(Outbox.class), SOURCE, context.getBean(SettableClock.class),
                new SimpleMeterRegistry());
    }

    @Override
    public void afterAll(ExtensionContext extension) {
        context.close();
    }

    private static synchronized PostgresServer server() {
        if (server == null) {
            server = PostgresServer.launch();
        }
        return server;
    }

    /** Sends one request, as the portal would, and answers what the service published for it. */
    public Answer call(String account, Object command) {
        return answerTo(deliver(LicensingPortal.request(account, command)));
    }

    /**
     * Delivers the request once more under the same message id, as a broker does after a lost commit; answers what
     * that delivery published (the inbox makes it nothing).
     */
    public List<Answer> redeliverSilently(LicenseRequest request, String messageId) {
        int before = answersTo(messageId).size();
        consumer.accept(List.of(record(request, messageId)));
        List<Answer> all = answersTo(messageId);
        return all.subList(before, all.size());
    }

    /**
     * Delivers the requests as one batch of records, as one poll of the broker would, each under a new message id;
     * answers the message ids in order.
     */
    public List<String> deliverInOneBatch(List<LicenseRequest> requests) {
        List<String> messageIds = requests.stream().map(request -> UUID.randomUUID().toString()).toList();
        List<ConsumerRecord<String, Object>> records = new java.util.ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            records.add(record(requests.get(i), messageIds.get(i)));
        }
        consumer.accept(records);
        return messageIds;
    }

    /** Counts the SQL statements the application runs through jOOQ, from now on. */
    public StatementCounter statements() {
        StatementCounter counter = context.getBean(StatementCounter.class);
        counter.reset();
        return counter;
    }

    /** Delivers a request as the broker would; answers its message id. */
    public String deliver(LicenseRequest request) {
        String messageId = UUID.randomUUID().toString();
        consumer.accept(List.of(record(request, messageId)));
        return messageId;
    }

    private ConsumerRecord<String, Object> record(LicenseRequest request, String messageId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EnvelopeHeaders.ID, messageId.getBytes(StandardCharsets.UTF_8));
        headers.add(EnvelopeHeaders.CORRELATION_ID, ("corr-" + messageId).getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>(Topics.LICENSE_REQUESTS, 0, offsets.incrementAndGet(), 0L,
                TimestampType.CREATE_TIME, 0, 0, request.getActingAccount(), request, headers, Optional.empty());
    }

    /** The results caused by one message, newest last; exactly one is expected. */
    public List<Answer> answersTo(String messageId) {
        return db.selectFrom(OUTBOX)
                .where(OUTBOX.CAUSATION_ID.eq(messageId).and(OUTBOX.TOPIC.eq(Topics.LICENSE_RESULTS)))
                .orderBy(OUTBOX.ID).fetch()
                .map(row -> new Answer((LicenseResult) AvroBinary.decode(row.getEventType(), row.getPayload()),
                        row.getEventId().toString(), row.getMessageKey()));
    }

    private Answer answerTo(String messageId) {
        List<Answer> answers = answersTo(messageId);
        if (answers.size() != 1) {
            throw new AssertionError("expected one answer to message " + messageId + ", found " + answers.size());
        }
        return answers.getFirst();
    }

    /** The latest state published on a state topic for a key (a balance owner or a MAC). */
    public <T extends SpecificRecord> T latestState(String topic, String key, Class<T> type) {
        var row = db.selectFrom(OUTBOX).where(OUTBOX.TOPIC.eq(topic).and(OUTBOX.MESSAGE_KEY.eq(key)))
                .orderBy(OUTBOX.ID.desc()).limit(1).fetchOne();
        if (row == null) {
            throw new AssertionError("nothing published on " + topic + " for " + key);
        }
        return type.cast(AvroBinary.decode(row.getEventType(), row.getPayload()));
    }

    /** What the warehouse's shipment does to the unit register: a new unit of this model, licensable from now on. */
    public String ship(String model) {
        String mac = MacAddress.ofDevice(NEXT_DEVICE.getAndIncrement()).toString();
        context.getBean(Units.class).registerIfNew(mac, model, null, clock().instant());
        return mac;
    }

    /** What order fulfilment stores for an order: a new activation key with these licenses. */
    public String issueKey(LicenseLine... licenses) {
        ActivationKey key = ActivationKey.generate();
        String orderNumber = "ORDER-" + UUID.randomUUID();
        context.getBean(ActivationKeys.class).insertOrderKey(new IssuedActivationKey(key.toString(),
                key.scanPayload(), orderNumber, "fingerprint-" + orderNumber, "reference", "Customer", null,
                List.of(licenses), clock().instant()));
        return key.toString();
    }

    public SettableClock clock() {
        return context.getBean(SettableClock.class);
    }

    /** A bean of the wiring, e.g. a repository to set up what only an admin command would (groups, contracts). */
    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public DSLContext db() {
        return db;
    }

    /**
     * The platform's parts the decisions need, without its Kafka side: the outbox (rows only; nothing relays them
     * here), the inbox, durable timers, the product catalogue loaded into its table, and a clock tests can move.
     * A test configuration, so that the test applications' component scans of this package leave it alone.
     */
    @TestConfiguration(proxyBeanMethods = false)
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
            TransactionAutoConfiguration.class, FlywayAutoConfiguration.class, JooqAutoConfiguration.class,
            LicensingStateAutoConfiguration.class, LicenseRequestsAutoConfiguration.class})
    static class Wiring {

        @Bean
        SettableClock clock() {
            return new SettableClock(Instant.parse("2026-01-05T09:00:00Z"));
        }

        @Bean
        ProductCatalogue productCatalogue() {
            return ProductCatalogue.loadDefault();
        }

        @Bean
        UnitRules unitRules(ProductCatalogue catalogue) {
            return new UnitRules(catalogue);
        }

        @Bean
        CatalogueLoader catalogueLoader(DSLContext db, TransactionTemplate transactions, ProductCatalogue catalogue) {
            return new CatalogueLoader(db, transactions, catalogue);
        }

        @Bean
        Inbox inbox(DSLContext db) {
            return new Inbox(db);
        }

        @Bean
        Outbox outbox(DSLContext db) {
            return new Outbox(db, new OutboxSignal());
        }

        @Bean
        StatementCounter statementCounter() {
            return new StatementCounter();
        }

        @Bean
        DefaultExecuteListenerProvider statementCounting(StatementCounter counter) {
            return new DefaultExecuteListenerProvider(counter);
        }

        @Bean
        DurableTimers durableTimers(DataSource dataSource) {
            return new DurableTimers(dataSource);
        }
    }

    /** Counts executed statements (a batch of binds counts once, as one round trip), with a sample of each text. */
    public static final class StatementCounter implements ExecuteListener {

        private final java.util.concurrent.atomic.AtomicInteger executed = new java.util.concurrent.atomic.AtomicInteger();
        private final Map<String, Integer> byStatement = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void executeEnd(ExecuteContext context) {
            executed.incrementAndGet();
            String sql = context.sql() == null ? "?" : context.sql();
            byStatement.merge(sql.length() > 90 ? sql.substring(0, 90) : sql, 1, Integer::sum);
        }

        void reset() {
            executed.set(0);
            byStatement.clear();
        }

        public int executed() {
            return executed.get();
        }

        /** Statements by the start of their text, most frequent first: what to look at when the count grows. */
        public String summary() {
            StringBuilder text = new StringBuilder();
            byStatement.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .forEach(entry -> text.append(String.format("%6d  %s%n", entry.getValue(), entry.getKey())));
            return text.toString();
        }
    }
}
