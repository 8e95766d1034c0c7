package com.licensemanager.platform.outbox;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Wakes the relay when a transaction that wrote outbox rows commits, so events leave without waiting for a poll. */
public final class OutboxSignal {

    private final Semaphore pending = new Semaphore(0);

    void signal() {
        if (pending.availablePermits() == 0) {
            pending.release();
        }
    }

    /** Waits for a signal or the timeout, whichever comes first. */
    void await(Duration timeout) throws InterruptedException {
        if (pending.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            pending.drainPermits();
        }
    }
}
