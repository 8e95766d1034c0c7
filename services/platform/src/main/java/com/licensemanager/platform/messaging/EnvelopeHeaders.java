package com.licensemanager.platform.messaging;

/**
 * Kafka header names of a message's envelope: the CloudEvents Kafka protocol binding in binary content mode
 * (attributes as {@code ce_<name>} headers, the data content type as {@code content-type}), with correlation and
 * causation as CloudEvents extension attributes.
 */
public final class EnvelopeHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    /** {@code datacontenttype}, which the binding carries as this header without the {@code ce_} prefix. */
    public static final String CONTENT_TYPE = "content-type";
    /** Extension {@code correlationid}: extension names are lower-case letters and digits only. */
    public static final String CORRELATION_ID = "ce_correlationid";
    /** Extension {@code causationid}. */
    public static final String CAUSATION_ID = "ce_causationid";

    /**
     * The names of release 1, before the CloudEvents binding: still written beside the extensions, so that a
     * consumer reading them keeps working, and still read, for producers that send them.
     */
    public static final String LEGACY_CORRELATION_ID = "correlation_id";
    public static final String LEGACY_CAUSATION_ID = "causation_id";

    private EnvelopeHeaders() {
    }
}
