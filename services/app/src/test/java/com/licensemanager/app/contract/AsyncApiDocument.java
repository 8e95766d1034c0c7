package com.licensemanager.app.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.licensemanager.app.access.KafkaAccessPolicy;
import com.licensemanager.schemas.admin.AdminCommand;
import com.licensemanager.schemas.admin.CreateGroup;
import com.licensemanager.schemas.common.BalanceLine;
import com.licensemanager.schemas.common.Customer;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.common.Rejection;
import com.licensemanager.schemas.contract.ContractTopic;
import com.licensemanager.schemas.licensing.Activation;
import com.licensemanager.schemas.licensing.ActivationKeyIssued;
import com.licensemanager.schemas.licensing.BalanceOwnerKind;
import com.licensemanager.schemas.licensing.BalanceState;
import com.licensemanager.schemas.licensing.BalanceChange;
import com.licensemanager.schemas.licensing.HistoryChange;
import com.licensemanager.schemas.licensing.HistoryEntry;
import com.licensemanager.schemas.licensing.HistorySubjectKind;
import com.licensemanager.schemas.licensing.KeyRedeemed;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.schemas.licensing.MoveCharged;
import com.licensemanager.schemas.licensing.MoveDeadlineApproaching;
import com.licensemanager.schemas.licensing.OrderRejected;
import com.licensemanager.schemas.licensing.RmaNotificationRejected;
import com.licensemanager.schemas.licensing.UnitShipmentRejected;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.schemas.licensing.UnitStatus;
import com.licensemanager.schemas.ordering.OrderFulfilled;
import com.licensemanager.schemas.portal.AssignLicenses;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.schemas.repair.RmaEvent;
import com.licensemanager.schemas.repair.RmaNotification;
import com.licensemanager.schemas.warehouse.UnitShipped;
import org.apache.avro.Schema;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * docs/asyncapi.yaml as data: every topic of {@link ContractTopic} with its key, headers, self-contained Avro
 * schema and one example, and who writes and who reads it as ops/compose/kafka/access.conf grants. Written to the
 * file by AsyncApiDocumentTest ({@code -Dasyncapi.write=true}), which otherwise fails when the file differs.
 */
final class AsyncApiDocument {

    static final String AVRO = "application/vnd.apache.avro+json;version=1.9.0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-12-02T09:30:00Z");

    private AsyncApiDocument() {
    }

    static Map<String, Object> of(KafkaAccessPolicy access) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("asyncapi", "3.0.0");
        document.put("info", ordered(
                "title", "License Manager topics",
                "version", "1",
                "description", "The topics between the License Manager and the portal, invoicing, ordering, the "
                        + "warehouse and the repair desk. Values are Avro in the Confluent wire format (magic byte 0, "
                        + "4-byte schema id of the registry's Confluent-compatible API), subject <topic>-value; "
                        + "every message is a CloudEvent in the Kafka binding's binary mode. Generated from the "
                        + "schemas, ContractTopic and access.conf by AsyncApiDocumentTest; details in docs/topics.md."));
        document.put("defaultContentType", "application/avro");
        document.put("servers", ordered("local", ordered("host", "localhost:9092", "protocol", "kafka",
                "description", "ops/run-local.sh prints the actual bootstrap servers and registry URLs")));
        Map<String, Object> channels = new LinkedHashMap<>();
        Map<String, Object> operations = new LinkedHashMap<>();
        Map<String, Object> messages = new LinkedHashMap<>();
        for (ContractTopic topic : ContractTopic.values()) {
            String name = topic.valueSchema().getName();
            channels.put(channelId(topic), ordered(
                    "address", topic.topic(),
                    "description", topic.direction() == ContractTopic.Direction.PUBLISHED
                            ? "Published by the License Manager; schema rule " + topic.compatibility()
                            : "Consumed by the License Manager; schema rule " + topic.compatibility(),
                    "messages", ordered(name, ordered("$ref", "#/components/messages/" + name))));
            String writer = "license-manager";
            for (AclBinding acl : access.acls()) {
                if (acl.pattern().resourceType() == ResourceType.TOPIC
                        && acl.pattern().patternType() == PatternType.LITERAL
                        && acl.pattern().name().equals(topic.topic())
                        && (acl.entry().operation() == AclOperation.READ || acl.entry().operation() == AclOperation.WRITE)) {
                    String user = acl.entry().principal().substring("User:".length());
                    boolean writes = acl.entry().operation() == AclOperation.WRITE;
                    if (writes && !user.equals("license-manager")) {
                        writer = user;
                    }
                    operations.put(user + (writes ? "-writes-" : "-reads-") + channelId(topic), ordered(
                            "action", writes ? "send" : "receive",
                            "channel", ordered("$ref", "#/channels/" + channelId(topic)),
                            "summary", "Kafka user " + user + (writes ? " writes " : " reads ") + topic.topic(),
                            "x-kafka-user", user));
                }
            }
            messages.put(name, message(topic, writer));
        }
        document.put("channels", channels);
        document.put("operations", operations);
        document.put("components", ordered("messages", messages, "schemas", ordered("CloudEventHeaders", headers())));
        return document;
    }

    /** Key-value pairs in the order given: the file must come out the same on every run (Map.of's order does not). */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static String channelId(ContractTopic topic) {
        return topic.topic();
    }

    private static Map<String, Object> message(ContractTopic topic, String writer) {
        Schema schema = topic.valueSchema();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("name", schema.getName());
        message.put("title", schema.getFullName());
        message.put("contentType", "application/avro");
        message.put("headers", ordered("$ref", "#/components/schemas/CloudEventHeaders"));
        message.put("payload", ordered("schemaFormat", AVRO, "schema", json(schema.toString())));
        message.put("bindings", ordered("kafka", ordered(
                "key", ordered("type", "string", "description", KEYS.get(topic)),
                "schemaIdLocation", "payload",
                "schemaIdPayloadEncoding", "confluent",
                "bindingVersion", "0.5.0")));
        SpecificRecord example = EXAMPLES.get(topic);
        message.put("examples", List.of(ordered(
                "name", schema.getName(),
                "headers", ordered("ce_specversion", "1.0", "ce_id", "4f7c2e1a-6b0d-4d35-9a51-0c7e8f3b2d19",
                        "ce_type", schema.getFullName(), "ce_source", writer, "ce_time", AT.toString(),
                        "content-type", "application/avro"),
                "payload", json(avroJson(example)))));
        return message;
    }

    private static Map<String, Object> headers() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("ce_specversion", ordered("type", "string", "const", "1.0"));
        properties.put("ce_id", ordered("type", "string", "description", "Unique per event; a republished event keeps it: deduplicate by it"));
        properties.put("ce_type", ordered("type", "string", "description", "The value's Avro full name"));
        properties.put("ce_source", ordered("type", "string", "description", "Who sent it (a URI reference)"));
        properties.put("ce_time", ordered("type", "string", "format", "date-time"));
        properties.put("content-type", ordered("type", "string", "const", "application/avro"));
        properties.put("ce_correlationid", ordered("type", "string", "description", "Carried from the message that started the conversation"));
        properties.put("ce_causationid", ordered("type", "string", "description", "ce_id of the message that caused this one"));
        properties.put("correlation_id", ordered("type", "string", "description", "Release-1 name of ce_correlationid, still written"));
        properties.put("causation_id", ordered("type", "string", "description", "Release-1 name of ce_causationid, still written"));
        return ordered("type", "object", "required", List.of("ce_specversion", "ce_id", "ce_type", "ce_source"),
                "properties", properties);
    }

    private static final Map<ContractTopic, String> KEYS = Map.ofEntries(
            Map.entry(ContractTopic.ORDERS_FULFILLED, "order number"),
            Map.entry(ContractTopic.ACTIVATION_KEYS, "order number"),
            Map.entry(ContractTopic.ORDER_REJECTIONS, "order number"),
            Map.entry(ContractTopic.UNITS_SHIPPED, "MAC"),
            Map.entry(ContractTopic.SHIPMENT_REJECTIONS, "MAC as sent"),
            Map.entry(ContractTopic.LICENSE_REQUESTS, "acting account"),
            Map.entry(ContractTopic.ADMIN_COMMANDS, "subject: group, account or MAC"),
            Map.entry(ContractTopic.LICENSE_RESULTS, "acting account (admin command: its subject)"),
            Map.entry(ContractTopic.BALANCES, "balance owner (account or group id)"),
            Map.entry(ContractTopic.UNITS, "MAC (canonical, 00-90-33-...)"),
            Map.entry(ContractTopic.RMA_NOTIFICATIONS, "MAC"),
            Map.entry(ContractTopic.RMA_REJECTIONS, "MAC as sent"),
            Map.entry(ContractTopic.INVOICING, "move id"),
            Map.entry(ContractTopic.MOVE_DEADLINE_REMINDERS, "move id"),
            Map.entry(ContractTopic.HISTORY, "subject: MAC (unit) or balance owner (balance)"));

    private static final String MAC = "00-90-33-1A-2B-3C";
    private static final List<LicenseLine> LINES = List.of(new LicenseLine("PBX6#15", 1), new LicenseLine("Channels", 4));

    static final Map<ContractTopic, SpecificRecord> EXAMPLES = Map.ofEntries(
            Map.entry(ContractTopic.ORDERS_FULFILLED, new OrderFulfilled("ORD-2026-0042", "PO-7781",
                    new Customer("Example Telecom GmbH", null), LINES, AT)),
            Map.entry(ContractTopic.ACTIVATION_KEYS, new ActivationKeyIssued("7KQ2-M9XH-4TZP-R3WD", "ORD-2026-0042",
                    "PO-7781", new Customer("Example Telecom GmbH", null), LINES, "LMKEY:7KQ2M9XH4TZPR3WD", AT)),
            Map.entry(ContractTopic.ORDER_REJECTIONS, new OrderRejected("ORD-2026-0043", List.of(new Rejection(
                    "MALFORMED_LICENSE_CODE", "PBX7#15", "PBX7 is not a version-6 license")), AT)),
            Map.entry(ContractTopic.UNITS_SHIPPED, new UnitShipped(MAC, "IP811", "ORD-2026-0042", AT)),
            Map.entry(ContractTopic.SHIPMENT_REJECTIONS, new UnitShipmentRejected("00:90:33:1A:2B:3C", "IP811",
                    List.of(new Rejection("MAC_WRONG_SEPARATOR", "00:90:33:1A:2B:3C", "groups are separated by '-'")), AT)),
            Map.entry(ContractTopic.LICENSE_REQUESTS, new LicenseRequest("req-0001", "alice", AT,
                    new AssignLicenses(MAC, "42", LINES, "Example Dental", "Reception", null, null))),
            Map.entry(ContractTopic.ADMIN_COMMANDS, new AdminCommand("adm-0001", "vendor.staff", AT,
                    new CreateGroup("example-telecom", "Example Telecom GmbH"))),
            Map.entry(ContractTopic.LICENSE_RESULTS, new LicenseResult("req-0000", "alice", "RedeemActivationKey",
                    true, List.of(), new KeyRedeemed("7KQ2-M9XH-4TZP-R3WD", LINES, "alice",
                    List.of(new BalanceLine("PBX6#15", 1, 0, 0, 1), new BalanceLine("Channels", 4, 0, 0, 4))))),
            Map.entry(ContractTopic.BALANCES, new BalanceState("alice", BalanceOwnerKind.ACCOUNT, List.of("alice"),
                    List.of(new BalanceLine("PBX6#15", 1, 0, 0, 1), new BalanceLine("Channels", 4, 0, 0, 4)),
                    List.of(new Activation("7KQ2-M9XH-4TZP-R3WD", "alice", AT, LINES)), List.of(), 3L, AT, 0, 0)),
            Map.entry(ContractTopic.UNITS, new UnitState(MAC, MAC, "IP811", UnitStatus.OK, null, null, null, List.of(),
                    null, null, null, null, null, null, null, 1L, AT)),
            Map.entry(ContractTopic.RMA_NOTIFICATIONS, new RmaNotification("rma-0001", MAC,
                    RmaEvent.RECEIVED_FOR_REPAIR, AT)),
            Map.entry(ContractTopic.RMA_REJECTIONS, new RmaNotificationRejected("rma-0002", "00-90-33-FF-FF-FF",
                    RmaEvent.RECEIVED_FOR_REPAIR, List.of(new Rejection("UNIT_UNKNOWN", "00-90-33-FF-FF-FF",
                    "no unit with this MAC was shipped")), AT)),
            Map.entry(ContractTopic.INVOICING, new MoveCharged("move-0001", "alice", "alice", MAC, "00-90-33-1A-2B-3D",
                    LINES, AT.minusSeconds(28 * 86_400), AT, AT)),
            Map.entry(ContractTopic.MOVE_DEADLINE_REMINDERS, new MoveDeadlineApproaching("move-0001", "alice", "alice",
                    MAC, "00-90-33-1A-2B-3D", LINES, AT.minusSeconds(21 * 86_400), AT.plusSeconds(7 * 86_400),
                    7 * 86_400_000L, 7 * 86_400_000L, AT)),
            Map.entry(ContractTopic.HISTORY, new HistoryEntry("6f1c2a9e-3b7d-4e21-9a55-0c8d7e4f1b23", 1042L,
                    HistorySubjectKind.BALANCE, "alice", HistoryChange.LICENSED, "alice", "req-0001", "req-0001", AT,
                    MAC, List.of(), List.of(new BalanceChange("PBX6#15", 0, 1, 0), new BalanceChange("Channels", 0, 4, 0)),
                    List.of(), null, List.of(new BalanceLine("PBX6#15", 1, 1, 0, 0),
                    new BalanceLine("Channels", 4, 4, 0, 0)))));

    /** Avro's own JSON encoding: unions as {"branch": value}, what Avro's JSON decoder reads back. */
    static String avroJson(SpecificRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JsonEncoder encoder = EncoderFactory.get().jsonEncoder(record.getSchema(), out);
            new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String text) {
        try {
            return JSON.readValue(text, LinkedHashMap.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path file(Path repository) {
        return repository.resolve("docs/asyncapi.yaml");
    }
}
