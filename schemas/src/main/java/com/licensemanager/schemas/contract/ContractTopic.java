package com.licensemanager.schemas.contract;

import com.licensemanager.schemas.admin.AdminCommand;
import com.licensemanager.schemas.licensing.ActivationKeyIssued;
import com.licensemanager.schemas.licensing.BalanceState;
import com.licensemanager.schemas.licensing.HistoryEntry;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.schemas.licensing.MoveCharged;
import com.licensemanager.schemas.licensing.MoveDeadlineApproaching;
import com.licensemanager.schemas.licensing.OrderRejected;
import com.licensemanager.schemas.licensing.RmaNotificationRejected;
import com.licensemanager.schemas.licensing.UnitShipmentRejected;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.schemas.ordering.OrderFulfilled;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.schemas.repair.RmaNotification;
import com.licensemanager.schemas.warehouse.UnitShipped;
import org.apache.avro.Schema;

/**
 * Every topic of the contract with its value schema and the compatibility rule its schema evolves under.
 *
 * <p>The rule follows from who has to keep working while the other side has not upgraded yet:
 * <ul>
 *   <li>{@link Direction#PUBLISHED}: other teams read what we write, and we cannot make them upgrade first or
 *       at all; a reader built against any release must decode what we write now, and a reader built now must
 *       decode what any release wrote (the compacted state topics are read from the beginning):
 *       {@link Compatibility#FULL_TRANSITIVE}.</li>
 *   <li>{@link Direction#CONSUMED}: we read what other teams write; we upgrade first, and what they wrote under any
 *       release may still be on the topic (or in a dead-letter topic waiting for a re-drive):
 *       {@link Compatibility#BACKWARD_TRANSITIVE}.</li>
 * </ul>
 * The registry gets the same rule per subject ({@link #subject()}), and the build checks every schema against every
 * released version under it (schemas/released/, CompatibilityGateTest), so a breaking change fails the build
 * before the registry would refuse it.
 */
public enum ContractTopic {

    ORDERS_FULFILLED("ordering.orders-fulfilled.v1", OrderFulfilled.getClassSchema(), Direction.CONSUMED),
    UNITS_SHIPPED("warehouse.units-shipped.v1", UnitShipped.getClassSchema(), Direction.CONSUMED),
    LICENSE_REQUESTS("portal.license-requests.v1", LicenseRequest.getClassSchema(), Direction.CONSUMED),
    RMA_NOTIFICATIONS("repair.rma-notifications.v1", RmaNotification.getClassSchema(), Direction.CONSUMED),
    ADMIN_COMMANDS("licensing.admin-commands.v1", AdminCommand.getClassSchema(), Direction.CONSUMED),

    ACTIVATION_KEYS("licensing.activation-keys.v1", ActivationKeyIssued.getClassSchema(), Direction.PUBLISHED),
    LICENSE_RESULTS("licensing.license-results.v1", LicenseResult.getClassSchema(), Direction.PUBLISHED),
    UNITS("licensing.units.v1", UnitState.getClassSchema(), Direction.PUBLISHED),
    BALANCES("licensing.balances.v1", BalanceState.getClassSchema(), Direction.PUBLISHED),
    INVOICING("licensing.invoicing.v1", MoveCharged.getClassSchema(), Direction.PUBLISHED),
    ORDER_REJECTIONS("licensing.order-rejections.v1", OrderRejected.getClassSchema(), Direction.PUBLISHED),
    SHIPMENT_REJECTIONS("licensing.shipment-rejections.v1", UnitShipmentRejected.getClassSchema(),
            Direction.PUBLISHED),
    RMA_REJECTIONS("licensing.rma-rejections.v1", RmaNotificationRejected.getClassSchema(), Direction.PUBLISHED),
    /** Added after release 1 (issue 17): reminders before a move is invoiced, for the portal's e-mail service. */
    MOVE_DEADLINE_REMINDERS("licensing.move-deadline-reminders.v1", MoveDeadlineApproaching.getClassSchema(),
            Direction.PUBLISHED),
    /** Added after release 1 (issue 17): every change of a unit or balance, for the portal's timelines. */
    HISTORY("licensing.history.v1", HistoryEntry.getClassSchema(), Direction.PUBLISHED);

    /** Whether the License Manager reads or writes the topic. */
    public enum Direction {
        CONSUMED(Compatibility.BACKWARD_TRANSITIVE),
        PUBLISHED(Compatibility.FULL_TRANSITIVE);

        private final Compatibility compatibility;

        Direction(Compatibility compatibility) {
            this.compatibility = compatibility;
        }
    }

    /** The registry's names for the rules we use (Apicurio and Confluent spell them alike). */
    public enum Compatibility {
        /** A new schema reads what every earlier one wrote. */
        BACKWARD_TRANSITIVE,
        /** And, in addition, every earlier schema reads what the new one writes. */
        FULL_TRANSITIVE;

        public boolean oldReadersMustReadNewWriters() {
            return this == FULL_TRANSITIVE;
        }
    }

    private final String topic;
    private final Schema valueSchema;
    private final Direction direction;

    ContractTopic(String topic, Schema valueSchema, Direction direction) {
        this.topic = topic;
        this.valueSchema = valueSchema;
        this.direction = direction;
    }

    public String topic() {
        return topic;
    }

    public Schema valueSchema() {
        return valueSchema;
    }

    public Direction direction() {
        return direction;
    }

    public Compatibility compatibility() {
        return direction.compatibility;
    }

    /**
     * The registry subject of the topic's values: Confluent's TopicNameStrategy ({@code <topic>-value}), which is
     * what every Confluent-based client looks up by default, and Apicurio's default artifact id for a value too.
     */
    public String subject() {
        return topic + "-value";
    }

    public static ContractTopic of(String topic) {
        for (ContractTopic candidate : values()) {
            if (candidate.topic.equals(topic)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("not a topic of the contract: " + topic);
    }
}
