package com.licensemanager.app.operations;

import com.licensemanager.platform.kafka.DeliveryFailures;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jooq.DSLContext;
import org.jooq.Record2;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static com.licensemanager.platform.db.Tables.OUTBOX;
import static com.licensemanager.platform.db.Tables.SCHEDULED_TASKS;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.min;

/**
 * What an operator watches: how many events wait in the outbox and for how long (a stuck relay shows as a growing
 * age), how many move deadlines are due but not fired, and failed and dead-lettered deliveries. Database-backed
 * values are read at most once per second, whatever the scrape rate.
 */
class OperationalMetrics implements MeterBinder {

    private static final Duration STALE_AFTER = Duration.ofSeconds(1);

    private final DSLContext db;
    private final DeliveryFailures failures;
    private final Clock clock;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(new Snapshot(0, 0, 0, 0, null));

    private record Snapshot(double outboxDepth, double outboxAgeSeconds, double timersDue, long takenAtMillis,
                            Throwable failure) {
    }

    OperationalMetrics(DSLContext db, DeliveryFailures failures, Clock clock) {
        this.db = db;
        this.failures = failures;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("licensing.outbox.depth", this, m -> m.current().outboxDepth())
                .description("Events written but not yet acknowledged by the broker").register(registry);
        Gauge.builder("licensing.outbox.oldest.age", this, m -> m.current().outboxAgeSeconds())
                .baseUnit("seconds").description("Age of the oldest event still in the outbox").register(registry);
        Gauge.builder("licensing.timers.due", this, m -> m.current().timersDue())
                .description("Move deadlines that are due but have not fired").register(registry);
        FunctionCounter.builder("licensing.deliveries.failed", failures, DeliveryFailures::transientFailures)
                .tag("kind", "transient").description("Deliveries retried because the infrastructure was unavailable")
                .register(registry);
        FunctionCounter.builder("licensing.deliveries.failed", failures, DeliveryFailures::recordFailures)
                .tag("kind", "record").description("Deliveries that failed for the record's own sake").register(registry);
        FunctionCounter.builder("licensing.dead.letters", failures, DeliveryFailures::deadLettered)
                .description("Records sent to a dead-letter topic").register(registry);
    }

    private Snapshot current() {
        Snapshot last = snapshot.get();
        long now = clock.millis();
        if (now - last.takenAtMillis() < STALE_AFTER.toMillis()) {
            return last;
        }
        Snapshot fresh;
        try {
            Record2<Integer, OffsetDateTime> outbox = db.select(count(), min(OUTBOX.CREATED_AT)).from(OUTBOX).fetchSingle();
            double age = outbox.value2() == null ? 0
                    : Duration.between(outbox.value2().toInstant(), clock.instant()).toMillis() / 1000.0;
            int due = db.fetchCount(SCHEDULED_TASKS, SCHEDULED_TASKS.EXECUTION_TIME.le(clock.instant().atOffset(ZoneOffset.UTC))
                    .and(SCHEDULED_TASKS.PICKED.isFalse()));
            fresh = new Snapshot(outbox.value1(), Math.max(0, age), due, now, null);
        } catch (RuntimeException e) {
            fresh = new Snapshot(Double.NaN, Double.NaN, Double.NaN, now, e);
        }
        snapshot.set(fresh);
        return fresh;
    }
}
