package com.licensemanager.platform.messaging;

/** Kafka header names every message carries (CloudEvents' Kafka binding plus correlation). */
public final class EnvelopeHeaders {

    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String CORRELATION_ID = "correlation_id";
    public static final String CAUSATION_ID = "causation_id";

    private EnvelopeHeaders() {
    }
}
