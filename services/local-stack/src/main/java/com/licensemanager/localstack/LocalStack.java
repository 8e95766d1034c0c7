package com.licensemanager.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole infrastructure, for real and without Docker: a Kafka broker, a PostgreSQL server and an Apicurio
 * Registry, started in parallel on free loopback ports.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.launch()) {
 *     Map<String, String> props = stack.springProperties();
 *     ...
 *     stack.postgres().stop();   // e.g. take the database away for a while
 *     stack.postgres().start();  // same port, same data
 * }
 * }</pre>
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private final KafkaBroker kafka;
    private final PostgresServer postgres;
    private final SchemaRegistryProcess schemaRegistry;
    private final Endpoints endpoints;

    private LocalStack(KafkaBroker kafka, PostgresServer postgres, SchemaRegistryProcess schemaRegistry) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.schemaRegistry = schemaRegistry;
        this.endpoints = new Endpoints(kafka.bootstrapServers(), schemaRegistry.baseUrl(), postgres.jdbcUrl(),
                postgres.username(), postgres.password());
    }

    /**
     * Starts all three components in parallel and waits for all of them. If one fails, the others are stopped and
     * the failure is thrown (with the others' failures suppressed).
     */
    public static LocalStack launch() {
        long started = System.nanoTime();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(3, runnable -> {
            Thread thread = new Thread(runnable, "local-stack-start-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletableFuture<SchemaRegistryProcess> registry = ParallelStart.async(SchemaRegistryProcess::launch, executor);
            CompletableFuture<KafkaBroker> kafka = ParallelStart.async(KafkaBroker::launch, executor);
            CompletableFuture<PostgresServer> postgres = ParallelStart.async(PostgresServer::launch, executor);
            CompletableFuture.allOf(registry, kafka, postgres).exceptionally(ignored -> null).join();

            List<Throwable> failures = new ArrayList<>();
            KafkaBroker k = ParallelStart.result(kafka, failures);
            PostgresServer p = ParallelStart.result(postgres, failures);
            SchemaRegistryProcess r = ParallelStart.result(registry, failures);
            if (!failures.isEmpty()) {
                ParallelStart.closeAll(k, p, r);
                IllegalStateException failure = new IllegalStateException("Could not start the local stack",
                        failures.getFirst());
                failures.stream().skip(1).forEach(failure::addSuppressed);
                throw failure;
            }
            LocalStack stack = new LocalStack(k, p, r);
            log.info("Local stack ready in {} ms: {}", (System.nanoTime() - started) / 1_000_000, stack.endpoints);
            return stack;
        }
        finally {
            executor.shutdown();
        }
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** {@link Endpoints#springProperties()} of this stack. */
    public Map<String, String> springProperties() {
        return endpoints.springProperties();
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public SchemaRegistryProcess schemaRegistry() {
        return schemaRegistry;
    }

    /** Stops everything. Idempotent. */
    @Override
    public void close() {
        ParallelStart.closeAll(kafka, postgres, schemaRegistry);
    }

    /** Starts the stack, prints its endpoints and runs until the JVM is stopped (Ctrl-C). */
    public static void main(String[] args) throws InterruptedException {
        LocalStack stack = launch();
        System.out.println("Local stack is up:");
        stack.springProperties().forEach((key, value) -> System.out.println("  " + key + "=" + value));
        System.out.println("  (registry API " + stack.endpoints.schemaRegistryApiUrl() + ", ccompat "
                + stack.endpoints.schemaRegistryCcompatUrl() + ")");
        System.out.println("Press Ctrl-C to stop.");
        Thread.currentThread().join(); // the components' shutdown hooks stop everything
    }

    @Override
    public String toString() {
        return "LocalStack" + endpoints;
    }
}
