package com.licensemanager.platform.kafka;

import com.licensemanager.platform.inbox.Inbox;
import com.licensemanager.platform.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;

/** Builds the idempotent consumers of the feature modules on the platform's shared inbox, outbox and metrics. */
public class IdempotentConsumers {

    private final TransactionTemplate transactions;
    private final Inbox inbox;
    private final Outbox outbox;
    private final String source;
    private final Clock clock;
    private final MeterRegistry meters;

    public IdempotentConsumers(TransactionTemplate transactions, Inbox inbox, Outbox outbox, String source,
                               Clock clock, MeterRegistry meters) {
        this.transactions = transactions;
        this.inbox = inbox;
        this.outbox = outbox;
        this.source = source;
        this.clock = clock;
        this.meters = meters;
    }

    public <T> IdempotentBatchConsumer<T> create(String consumer, Class<T> payloadType, MessageHandler<T> handler) {
        return new IdempotentBatchConsumer<>(consumer, payloadType, handler, transactions, inbox, outbox, source,
                clock, meters);
    }
}
