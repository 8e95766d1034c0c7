package com.licensemanager.platform.retention;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs every {@link RetentionRule} periodically, in chunks of short transactions so that purging never holds locks
 * for long. One instance at a time does it (a transaction-scoped advisory lock); the others skip that round.
 */
public class Retention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private static final long RETENTION_LOCK_ID = 0x4C4D_5245_5445_4E54L;
    private static final int CHUNK = 5_000;

    private final DSLContext db;
    private final TransactionTemplate transactions;
    private final List<RetentionRule> rules;
    private final Clock clock;
    private final Duration interval;
    private ScheduledExecutorService executor;

    public Retention(DSLContext db, TransactionTemplate transactions, List<RetentionRule> rules, Clock clock,
                     Duration interval) {
        this.db = db;
        this.transactions = transactions;
        this.rules = rules;
        this.clock = clock;
        this.interval = interval;
    }

    /** One round over all rules; answers how many rows were deleted (0 when another instance holds the round). */
    public int purgeOnce() {
        int deleted = 0;
        for (RetentionRule rule : rules) {
            int chunk;
            do {
                Integer purged = transactions.execute(status -> {
                    Boolean mine = db.select(DSL.field("pg_try_advisory_xact_lock({0})", Boolean.class,
                            DSL.val(RETENTION_LOCK_ID))).fetchOne(0, Boolean.class);
                    return Boolean.TRUE.equals(mine) ? rule.purge(clock.instant(), CHUNK) : 0;
                });
                chunk = purged == null ? 0 : purged;
                deleted += chunk;
            } while (chunk == CHUNK);
            if (deleted > 0) {
                log.info("retention: purged {} rows ({})", deleted, rule.name());
            }
        }
        return deleted;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("retention").daemon().factory());
        executor.scheduleWithFixedDelay(() -> {
            try {
                purgeOnce();
            } catch (RuntimeException e) {
                log.warn("retention round failed, next round in {}: {}", interval, e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
