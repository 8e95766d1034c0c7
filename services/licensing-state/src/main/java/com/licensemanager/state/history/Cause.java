package com.licensemanager.state.history;

/**
 * Who and what caused a change: the account (or {@code staff:<member>}; null for another team's message or the
 * service's own timer) and the id of the request, notification, move or shipment message. One cause changes one
 * subject in one way once: the table's unique key, which keeps a replay from writing a second entry.
 */
public record Cause(String account, String requestId) {

    public Cause {
        java.util.Objects.requireNonNull(requestId, "requestId");
    }
}
