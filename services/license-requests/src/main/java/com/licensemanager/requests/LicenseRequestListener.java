package com.licensemanager.requests;

import com.licensemanager.platform.kafka.IdempotentBatchConsumer;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.portal.LicenseRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

import java.util.List;

/** Reads the portal's requests in batches, keyed (and so ordered) by acting account. */
class LicenseRequestListener {

    static final String CONSUMER = "license-requests";

    private final IdempotentBatchConsumer<LicenseRequest> requests;

    LicenseRequestListener(IdempotentBatchConsumer<LicenseRequest> requests) {
        this.requests = requests;
    }

    @KafkaListener(id = CONSUMER, groupId = "${licensing.requests.group-id:license-manager.license-requests}",
            topics = Topics.LICENSE_REQUESTS, batch = "true", concurrency = "${licensing.requests.concurrency:1}")
    void onLicenseRequests(List<ConsumerRecord<String, Object>> records) {
        requests.accept(records);
    }
}
