package com.licensemanager.rma;

import com.licensemanager.platform.kafka.IdempotentBatchConsumer;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.repair.RmaNotification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

import java.util.List;

/** Reads the repair desk's notifications, keyed (and so ordered) by MAC. */
class RmaNotificationListener {

    static final String CONSUMER = "rma-notifications";

    private final IdempotentBatchConsumer<RmaNotification> notifications;

    RmaNotificationListener(IdempotentBatchConsumer<RmaNotification> notifications) {
        this.notifications = notifications;
    }

    @KafkaListener(id = CONSUMER, groupId = "${licensing.rma.group-id:license-manager.rma-notifications}",
            topics = Topics.RMA_NOTIFICATIONS, batch = "true")
    void onRmaNotifications(List<ConsumerRecord<String, Object>> records) {
        notifications.accept(records);
    }
}
