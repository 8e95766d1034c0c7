package com.licensemanager.shipments;

import com.licensemanager.platform.kafka.IdempotentBatchConsumer;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.warehouse.UnitShipped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

import java.util.List;

/** Reads shipped units in batches, keyed (and so ordered) by MAC. */
class ShipmentListener {

    static final String CONSUMER = "unit-register";

    private final IdempotentBatchConsumer<UnitShipped> shipments;

    ShipmentListener(IdempotentBatchConsumer<UnitShipped> shipments) {
        this.shipments = shipments;
    }

    @KafkaListener(id = CONSUMER, groupId = "${licensing.shipments.group-id:license-manager.unit-register}",
            topics = Topics.UNITS_SHIPPED, batch = "true", concurrency = "${licensing.shipments.concurrency:1}")
    void onUnitsShipped(List<ConsumerRecord<String, Object>> records) {
        shipments.accept(records);
    }
}
