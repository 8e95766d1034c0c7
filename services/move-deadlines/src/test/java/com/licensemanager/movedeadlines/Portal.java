package com.licensemanager.movedeadlines;

import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.admin.AdminCommand;
import com.licensemanager.schemas.admin.EnableMoveContract;
import com.licensemanager.schemas.common.Customer;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.licensing.ActivationKeyIssued;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.schemas.ordering.OrderFulfilled;
import com.licensemanager.schemas.portal.AssignLicenses;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.schemas.portal.RedeemActivationKey;
import com.licensemanager.schemas.portal.RegisterAccount;
import com.licensemanager.schemas.repair.RmaEvent;
import com.licensemanager.schemas.repair.RmaNotification;
import com.licensemanager.schemas.warehouse.UnitShipped;
import com.licensemanager.testsupport.KafkaTestClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jooq.DSLContext;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static com.licensemanager.platform.db.Tables.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Plays the portal, the ordering system, the warehouse, the repair desk and vendor staff, over Kafka. */
final class Portal {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final KafkaTestClient kafka = KafkaTestClient.shared();
    private final DSLContext db;

    Portal(DSLContext db) {
        this.db = db;
    }

    /** A registered account with a move contract and a balance holding these licenses. */
    String accountWithContractAndLicenses(List<LicenseLine> licenses) {
        String account = "acct-" + UUID.randomUUID();
        accepted(account, new RegisterAccount(account + "@example.com", "Example Telecom"));
        String staffRequest = UUID.randomUUID().toString();
        kafka.publish(Topics.ADMIN_COMMANDS, account, new AdminCommand(staffRequest, "staff-1", Instant.now(),
                new EnableMoveContract(account)));
        assertThat(result(staffRequest).getAccepted()).isTrue();
        accepted(account, new RedeemActivationKey(issueKey(licenses)));
        return account;
    }

    String registeredAccount() {
        String account = "acct-" + UUID.randomUUID();
        accepted(account, new RegisterAccount(account + "@example.com", "Other Company"));
        return account;
    }

    String issueKey(List<LicenseLine> licenses) {
        String order = "ORD-" + UUID.randomUUID();
        kafka.publish(Topics.ORDERS_FULFILLED, order, new OrderFulfilled(order, null,
                new Customer("Example Telecom", null), licenses, Instant.now()));
        return await().atMost(PATIENCE).until(() -> kafka.readAll(Topics.ACTIVATION_KEYS).stream()
                .filter(r -> order.equals(r.key())).map(r -> ((ActivationKeyIssued) r.value()).getActivationKey())
                .findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    /** Ships a new unit of this model and waits until the register knows it. */
    String shippedUnit(String model) {
        String mac = randomMac();
        kafka.publish(Topics.UNITS_SHIPPED, mac, new UnitShipped(mac, model, "ORD-" + mac, Instant.now()));
        await().atMost(PATIENCE).until(() -> db.fetchExists(UNIT, UNIT.MAC.eq(mac)));
        return mac;
    }

    String licensedUnit(String account, String model, List<LicenseLine> licenses) {
        String mac = shippedUnit(model);
        accepted(account, new AssignLicenses(mac, null, licenses, "End Customer", "Berlin", null, null));
        return mac;
    }

    LicenseResult accepted(String account, Object command) {
        LicenseResult result = send(account, command);
        assertThat(result.getAccepted()).as("%s: %s", command.getClass().getSimpleName(), result.getRejections()).isTrue();
        return result;
    }

    LicenseResult send(String account, Object command) {
        String requestId = UUID.randomUUID().toString();
        kafka.publish(Topics.LICENSE_REQUESTS, account, new LicenseRequest(requestId, account, Instant.now(), command));
        return result(requestId);
    }

    void notifyRepairDesk(String mac, RmaEvent event) {
        kafka.publish(Topics.RMA_NOTIFICATIONS, mac, new RmaNotification(UUID.randomUUID().toString(), mac, event,
                Instant.now()));
    }

    LicenseResult result(String requestId) {
        return await().atMost(PATIENCE).until(() -> kafka.readAll(Topics.LICENSE_RESULTS).stream()
                .map(ConsumerRecord::value).map(LicenseResult.class::cast)
                .filter(r -> requestId.equals(r.getRequestId())).findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    <T> List<T> values(String topic, String key, Class<T> type) {
        return kafka.readAll(topic).stream().filter(r -> Objects.equals(key, r.key()))
                .map(ConsumerRecord::value).filter(type::isInstance).map(type::cast).toList();
    }

    List<ConsumerRecord<String, Object>> records(String topic, String key) {
        return kafka.readAll(topic).stream().filter(r -> Objects.equals(key, r.key())).toList();
    }

    static String randomMac() {
        byte[] tail = new byte[3];
        ThreadLocalRandom.current().nextBytes(tail);
        return "00-90-33-" + HexFormat.ofDelimiter("-").withUpperCase().formatHex(tail);
    }
}
