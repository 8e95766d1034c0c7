package com.licensemanager.platform.messaging;

/** One decoded inbound record with its envelope and its place in the log (for logs and the inbox). */
public record InboundMessage<T>(String topic, int partition, long offset, String key, T payload, Envelope envelope) {

    public String coordinates() {
        return topic + "-" + partition + "@" + offset;
    }
}
