package com.licensemanager.platform.kafka;

import com.licensemanager.platform.inbox.Inbox;
import com.licensemanager.platform.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListenerConfigurer;
import org.springframework.kafka.config.KafkaListenerEndpoint;
import org.springframework.kafka.config.KafkaListenerEndpointRegistrar;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.kafka.support.converter.MessageConverter;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Registers one batch listener container per {@link ConsumerDeclaration}, as {@code @KafkaListener} would for an
 * annotated method, on Boot's listener container factory (and so with the platform's error handler). Each container
 * hands its batches to an {@link IdempotentBatchConsumer} built here on the shared inbox, outbox and metrics.
 */
public class ConsumerEndpoints implements KafkaListenerConfigurer {

    private final List<ConsumerDeclaration<?>> declarations;
    private final TransactionTemplate transactions;
    private final Inbox inbox;
    private final Outbox outbox;
    private final String source;
    private final Clock clock;
    private final MeterRegistry meters;

    public ConsumerEndpoints(List<ConsumerDeclaration<?>> declarations, TransactionTemplate transactions, Inbox inbox,
                             Outbox outbox, String source, Clock clock, MeterRegistry meters) {
        this.declarations = List.copyOf(declarations);
        this.transactions = transactions;
        this.inbox = inbox;
        this.outbox = outbox;
        this.source = source;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public void configureKafkaListeners(KafkaListenerEndpointRegistrar registrar) {
        for (ConsumerDeclaration<?> declaration : declarations) {
            registrar.registerEndpoint(new Endpoint(declaration, consumerOf(declaration)));
        }
    }

    private <T> IdempotentBatchConsumer<T> consumerOf(ConsumerDeclaration<T> declaration) {
        return new IdempotentBatchConsumer<>(declaration.name(), declaration.payloadType(), declaration.handler(),
                transactions, inbox, outbox, source, clock, meters);
    }

    /** A batch listener endpoint whose listener is the declaration's idempotent consumer, and nothing else. */
    private record Endpoint(ConsumerDeclaration<?> declaration, IdempotentBatchConsumer<?> consumer)
            implements KafkaListenerEndpoint {

        @Override
        public String getId() {
            return declaration.name();
        }

        @Override
        public String getGroupId() {
            return declaration.settings().groupId();
        }

        @Override
        public String getGroup() {
            return null;
        }

        @Override
        public Collection<String> getTopics() {
            return List.of(declaration.topic());
        }

        @Override
        public TopicPartitionOffset[] getTopicPartitionsToAssign() {
            return new TopicPartitionOffset[0];
        }

        @Override
        public Pattern getTopicPattern() {
            return null;
        }

        @Override
        public String getClientIdPrefix() {
            return null;
        }

        @Override
        public Integer getConcurrency() {
            return declaration.settings().concurrency();
        }

        @Override
        public Boolean getAutoStartup() {
            return null;
        }

        @Override
        public Boolean getBatchListener() {
            return true;
        }

        @Override
        public boolean isSplitIterables() {
            return false;
        }

        @Override
        public void setupListenerContainer(MessageListenerContainer container, MessageConverter converter) {
            container.setupMessageListener((BatchMessageListener<String, Object>) this::onBatch);
        }

        private void onBatch(List<ConsumerRecord<String, Object>> records) {
            consumer.accept(records);
        }
    }
}
