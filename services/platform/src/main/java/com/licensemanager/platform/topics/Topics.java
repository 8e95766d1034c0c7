package com.licensemanager.platform.topics;

/** The topic contract (ARCHITECTURE.md §4). Names are part of the contract with other teams: never rename one. */
public final class Topics {

    // inbound
    public static final String ORDERS_FULFILLED = "ordering.orders-fulfilled.v1";
    public static final String UNITS_SHIPPED = "warehouse.units-shipped.v1";
    public static final String LICENSE_REQUESTS = "portal.license-requests.v1";
    public static final String RMA_NOTIFICATIONS = "repair.rma-notifications.v1";
    public static final String ADMIN_COMMANDS = "licensing.admin-commands.v1";

    // outbound
    public static final String ACTIVATION_KEYS = "licensing.activation-keys.v1";
    public static final String LICENSE_RESULTS = "licensing.license-results.v1";
    public static final String UNITS = "licensing.units.v1";
    public static final String BALANCES = "licensing.balances.v1";
    public static final String INVOICING = "licensing.invoicing.v1";
    /** Not in the original contract: where the ordering system learns why an order yielded no key. */
    public static final String ORDER_REJECTIONS = "licensing.order-rejections.v1";
    /** Not in the original contract: where the warehouse learns why a shipped unit was not registered. */
    public static final String SHIPMENT_REJECTIONS = "licensing.shipment-rejections.v1";
    /** Not in the original contract: where the repair desk learns why a notification changed nothing. */
    public static final String RMA_REJECTIONS = "licensing.rma-rejections.v1";
    /** Not in the original contract: where the portal's e-mail service learns that a move's deadline is near. */
    public static final String MOVE_DEADLINE_REMINDERS = "licensing.move-deadline-reminders.v1";
    /**
     * Not in the original contract: every change of a unit or balance as an immutable entry (issue 17). Not
     * compacted: compaction would keep only a subject's latest entry, and the point is all of them.
     */
    public static final String HISTORY = "licensing.history.v1";

    public static final java.util.List<String> INBOUND =
            java.util.List.of(ORDERS_FULFILLED, UNITS_SHIPPED, LICENSE_REQUESTS, RMA_NOTIFICATIONS, ADMIN_COMMANDS);
    public static final java.util.List<String> OUTBOUND =
            java.util.List.of(ACTIVATION_KEYS, LICENSE_RESULTS, UNITS, BALANCES, INVOICING, ORDER_REJECTIONS,
                    SHIPMENT_REJECTIONS, RMA_REJECTIONS, MOVE_DEADLINE_REMINDERS, HISTORY);
    /** Topics that carry the full current state per key: compacted, so the latest value per key is kept forever. */
    public static final java.util.Set<String> COMPACTED = java.util.Set.of(UNITS, BALANCES);

    private Topics() {
    }

    public static String deadLetter(String topic) {
        return topic + com.licensemanager.platform.kafka.KafkaErrorHandling.DEAD_LETTER_SUFFIX;
    }
}
