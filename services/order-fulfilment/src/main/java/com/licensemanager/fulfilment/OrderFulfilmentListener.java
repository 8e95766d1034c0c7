package com.licensemanager.fulfilment;

import com.licensemanager.platform.kafka.IdempotentBatchConsumer;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.ordering.OrderFulfilled;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

import java.util.List;

/** Reads fulfilled orders in batches; each batch is applied in one transaction by the idempotent consumer. */
class OrderFulfilmentListener {

    static final String CONSUMER = "order-fulfilment";

    private final IdempotentBatchConsumer<OrderFulfilled> orders;

    OrderFulfilmentListener(IdempotentBatchConsumer<OrderFulfilled> orders) {
        this.orders = orders;
    }

    @KafkaListener(id = CONSUMER, groupId = "${licensing.fulfilment.group-id:license-manager.order-fulfilment}",
            topics = Topics.ORDERS_FULFILLED, batch = "true",
            concurrency = "${licensing.fulfilment.concurrency:1}")
    void onOrdersFulfilled(List<ConsumerRecord<String, Object>> records) {
        orders.accept(records);
    }
}
