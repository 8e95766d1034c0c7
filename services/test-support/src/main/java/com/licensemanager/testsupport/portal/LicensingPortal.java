package com.licensemanager.testsupport.portal;

import com.licensemanager.licensing.mac.MacAddress;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.testsupport.portal.LicensingTopics.Received;
import com.licensemanager.schemas.admin.AddAccountToGroup;
import com.licensemanager.schemas.admin.AdminCommand;
import com.licensemanager.schemas.admin.CreateGroup;
import com.licensemanager.schemas.common.BalanceLine;
import com.licensemanager.schemas.common.Customer;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.common.Rejection;
import com.licensemanager.schemas.licensing.ActivationKeyIssued;
import com.licensemanager.schemas.licensing.BalanceState;
import com.licensemanager.schemas.licensing.KeyRedeemed;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.schemas.licensing.LicensesAssigned;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.schemas.ordering.OrderFulfilled;
import com.licensemanager.schemas.portal.AssignLicenses;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.schemas.portal.RedeemActivationKey;
import com.licensemanager.schemas.portal.RegisterAccount;
import com.licensemanager.schemas.repair.RmaEvent;
import com.licensemanager.schemas.repair.RmaNotification;
import com.licensemanager.schemas.warehouse.UnitShipped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import com.licensemanager.testsupport.KafkaTestClient;
import com.licensemanager.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Utils;
import org.jooq.DSLContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static com.licensemanager.platform.db.Tables.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Plays the portal, the vendor's staff, the ordering system, the warehouse and the repair desk in tests: sends
 * commands over Kafka and waits for their results, and sets up fixtures (accounts, activation keys, shipped units,
 * groups).
 *
 * <p>Every id it hands out (accounts, e-mails, groups, orders, MACs, request ids) is unique, so tests share one
 * application context and one broker without interfering, in any order.
 */
public final class LicensingPortal {

    public static final Duration PATIENCE = Duration.ofSeconds(90);
    public static final Duration POLL = Duration.ofMillis(100);

    /** Device parts of MACs handed out in this JVM: a random start, then consecutive, so they never collide. */
    private static final AtomicInteger NEXT_DEVICE =
            new AtomicInteger(ThreadLocalRandom.current().nextInt(0x10_0000, 0xC0_0000));

    public final KafkaTestClient kafka = KafkaTestClient.shared();
    public final LicensingTopics topics = LicensingTopics.get();
    private final DSLContext db;

    public LicensingPortal(DSLContext db) {
        this.db = db;
    }

    // ---------------------------------------------------------------- ids

    public static String newAccountId() {
        return "acct-" + UUID.randomUUID();
    }

    /** The e-mail {@link #register(String)} registers an account with. */
    public static String emailOf(String account) {
        return account + "@example.com";
    }

    public static String newGroupId() {
        return "grp-" + UUID.randomUUID();
    }

    public static String newRequestId() {
        return "req-" + UUID.randomUUID();
    }

    /** A MAC no unit in this JVM's tests has: ship it, or keep it as a unit that was never shipped. */
    public String newMac() {
        return newMacs(1).getFirst();
    }

    /** {@code count} consecutive fresh MACs, none of them known to the unit register yet. */
    public List<String> newMacs(int count) {
        while (true) {
            int first = NEXT_DEVICE.getAndAdd(count);
            List<String> macs = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                macs.add(MacAddress.ofDevice(first + i).toString());
            }
            // Only matters when the tests run against a long-lived database (LICENSING_TEST_JDBC_URL).
            if (db.fetchCount(UNIT, UNIT.MAC.in(macs)) == 0) {
                return macs;
            }
        }
    }

    public static LicenseLine line(String code, int quantity) {
        return new LicenseLine(code, quantity);
    }

    /** Lines as code → quantity, for comparisons that must not depend on the order of lines. */
    public static Map<String, Integer> quantities(Collection<LicenseLine> lines) {
        Map<String, Integer> map = new TreeMap<>();
        lines.forEach(l -> map.merge(l.getLicenseCode(), l.getQuantity(), Integer::sum));
        return map;
    }

    /** Balance lines as code → [uploaded, used, transferred, available], leaving out lines that are all zero. */
    public static Map<String, List<Integer>> figures(Collection<BalanceLine> lines) {
        Map<String, List<Integer>> map = new TreeMap<>();
        for (BalanceLine l : lines) {
            if (l.getUploaded() != 0 || l.getUsed() != 0 || l.getTransferred() != 0 || l.getAvailable() != 0) {
                map.put(l.getLicenseCode(),
                        List.of(l.getUploaded(), l.getUsed(), l.getTransferred(), l.getAvailable()));
            }
        }
        return map;
    }

    public static BalanceLine lineOf(BalanceState state, String code) {
        return state.getLines().stream().filter(l -> l.getLicenseCode().equals(code)).findFirst()
                .orElse(new BalanceLine(code, 0, 0, 0, 0));
    }

    // ---------------------------------------------------------------- requests and results

    /** One answer to a request: the result and the id of the event that carried it. */
    public record Answer(LicenseResult result, String eventId, String key) {

        public boolean accepted() {
            return result.getAccepted();
        }

        public List<String> reasons() {
            return result.getRejections().stream().map(Rejection::getReason).toList();
        }

        public Rejection rejection(String reason) {
            return result.getRejections().stream().filter(r -> r.getReason().equals(reason)).findFirst()
                    .orElseThrow(() -> new AssertionError("no rejection " + reason + " in " + result));
        }

        public <T> T outcome(Class<T> type) {
            assertThat(result.getAccepted()).as("accepted: %s", result).isTrue();
            assertThat(result.getOutcome()).as("outcome of %s", result).isInstanceOf(type);
            return type.cast(result.getOutcome());
        }

        /** Asserts acceptance and answers the outcome. */
        public Answer assertAccepted() {
            assertThat(result.getAccepted()).as("accepted: %s", result).isTrue();
            assertThat(result.getRejections()).as("rejections of %s", result).isEmpty();
            return this;
        }

        /** Asserts a rejection with exactly these reasons (in any order) and no outcome. */
        public Answer assertRejected(String... reasons) {
            assertThat(result.getAccepted()).as("accepted: %s", result).isFalse();
            assertThat(reasons()).as("reasons of %s", result).containsExactlyInAnyOrder(reasons);
            assertThat(result.getOutcome()).as("outcome of a rejection").isNull();
            return this;
        }
    }

    public static LicenseRequest request(String account, Object command) {
        return new LicenseRequest(newRequestId(), account, Instant.now(), command);
    }

    /** Publishes a license request (key: the acting account) with a fresh message id. */
    public LicenseRequest send(LicenseRequest request) {
        kafka.publish(Topics.LICENSE_REQUESTS, request.getActingAccount(), request);
        return request;
    }

    public LicenseRequest send(String account, Object command) {
        return send(request(account, command));
    }

    /** Sends and waits for the result. */
    public Answer call(String account, Object command) {
        Answer answer = awaitAnswer(send(account, command).getRequestId());
        assertThat(answer.result().getCommand()).as("command of %s", answer.result())
                .isEqualTo(command.getClass().getSimpleName());
        assertThat(answer.result().getActingAccount()).as("acting account of %s", answer.result()).isEqualTo(account);
        assertThat(answer.key()).as("key of the result %s", answer.result()).isEqualTo(account);
        return answer;
    }

    public Answer awaitAnswer(String requestId) {
        return awaitAnswers(requestId, 1).getFirst();
    }

    /** Waits until at least {@code count} results for the request id were published; answers all of them. */
    public List<Answer> awaitAnswers(String requestId, int count) {
        return await("result of " + requestId).atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(POLL)
                .until(() -> answers(requestId), list -> list.size() >= count);
    }

    public List<Answer> answers(String requestId) {
        return topics.results(requestId).stream().map(LicensingPortal::answer).toList();
    }

    public static Answer answer(Received<LicenseResult> received) {
        return new Answer(received.value(), received.eventId(), received.key());
    }

    public static AdminCommand adminCommand(Object command) {
        return new AdminCommand(newRequestId(), "staff-" + UUID.randomUUID(), Instant.now(), command);
    }

    /** Publishes an admin command keyed by its subject id and waits for the result. */
    public Answer admin(String subject, Object command) {
        AdminCommand admin = adminCommand(command);
        kafka.publish(Topics.ADMIN_COMMANDS, subject, admin);
        Answer answer = awaitAnswer(admin.getRequestId());
        assertThat(answer.result().getActingAccount()).isEqualTo("staff:" + admin.getStaffMember());
        assertThat(answer.result().getCommand()).isEqualTo(command.getClass().getSimpleName());
        assertThat(answer.key()).as("key of an admin result").isEqualTo(subject);
        return answer;
    }

    // ---------------------------------------------------------------- fixtures

    /** Registers the account with {@link #emailOf} and answers the e-mail. */
    public String register(String account) {
        call(account, new RegisterAccount(emailOf(account), "Company of " + account)).assertAccepted();
        return emailOf(account);
    }

    public String registerNewAccount() {
        String account = newAccountId();
        register(account);
        return account;
    }

    public String createGroup() {
        String group = newGroupId();
        admin(group, new CreateGroup(group, "Group " + group)).assertAccepted();
        return group;
    }

    public void addToGroup(String group, String account) {
        admin(account, new AddAccountToGroup(group, account)).assertAccepted();
    }

    public static OrderFulfilled order(List<LicenseLine> lines) {
        String orderNumber = "ORD-" + UUID.randomUUID();
        return new OrderFulfilled(orderNumber, "PO-" + orderNumber.hashCode(),
                new Customer("Example Telecom GmbH", null), lines, Instant.now());
    }

    public ActivationKeyIssued issueKey(LicenseLine... lines) {
        return issueKeys(List.of(List.of(lines))).getFirst();
    }

    /** One order per list of lines, published in one burst; answers the keys in the same order. */
    public List<ActivationKeyIssued> issueKeys(List<List<LicenseLine>> orders) {
        Map<String, OrderFulfilled> byNumber = new LinkedHashMap<>();
        orders.forEach(lines -> {
            OrderFulfilled order = order(lines);
            byNumber.put(order.getOrderNumber(), order);
        });
        kafka.publishAll(Topics.ORDERS_FULFILLED, byNumber);
        await("activation keys").atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(POLL)
                .until(() -> byNumber.keySet().stream().allMatch(n -> topics.keyOfOrder(n) != null));
        return byNumber.keySet().stream().map(topics::keyOfOrder).toList();
    }

    public KeyRedeemed redeem(String account, String activationKey) {
        return call(account, new RedeemActivationKey(activationKey)).outcome(KeyRedeemed.class);
    }

    public String ship(String model) {
        return ship(model, 1).getFirst();
    }

    /** Ships {@code count} new units of {@code model} and waits until the unit register knows them all. */
    public List<String> ship(String model, int count) {
        List<String> macs = newMacs(count);
        Map<String, UnitShipped> shipped = new LinkedHashMap<>();
        macs.forEach(mac -> shipped.put(mac, new UnitShipped(mac, model, "ORD-" + mac, Instant.now())));
        kafka.publishAll(Topics.UNITS_SHIPPED, shipped);
        awaitRegistered(macs);
        return macs;
    }

    public void awaitRegistered(Collection<String> macs) {
        await("units registered").atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                .until(() -> db.fetchCount(UNIT, UNIT.MAC.in(macs)) == macs.size());
    }

    public LicensesAssigned assign(String account, String mac, LicenseLine... lines) {
        return call(account, new AssignLicenses(mac, null, List.of(lines), null, null, null, null))
                .outcome(LicensesAssigned.class);
    }

    /** The repair desk reports what happened to a unit. */
    public void notifyRepairDesk(String mac, RmaEvent event) {
        kafka.publish(Topics.RMA_NOTIFICATIONS, mac, new RmaNotification(UUID.randomUUID().toString(), mac, event,
                Instant.now()));
    }

    // ---------------------------------------------------------------- published state

    /** Every value published so far on {@code topic} under {@code key} that is a {@code type}, oldest first. */
    public <T> List<T> values(String topic, String key, Class<T> type) {
        return records(topic, key).stream().map(ConsumerRecord::value).filter(type::isInstance).map(type::cast)
                .toList();
    }

    /**
     * The {@code count} values published on {@code topic} under {@code key}, oldest first, once they are there; fails
     * if more have come (a value published twice).
     */
    public <T> List<T> awaitValues(String topic, String key, Class<T> type, int count) {
        List<T> values = await(type.getSimpleName() + " on " + topic + " for " + key).atMost(PATIENCE)
                .pollDelay(Duration.ZERO).pollInterval(POLL)
                .until(() -> values(topic, key, type), list -> list.size() >= count);
        assertThat(values).as("%s on %s for %s", type.getSimpleName(), topic, key).hasSize(count);
        return values;
    }

    public List<ConsumerRecord<String, Object>> records(String topic, String key) {
        return kafka.readAll(topic).stream().filter(record -> Objects.equals(key, record.key())).toList();
    }

    public BalanceState awaitBalance(String owner, Predicate<BalanceState> condition) {
        return await("balance state of " + owner).atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(POLL)
                .until(() -> {
                    Received<BalanceState> latest = topics.latestBalance(owner);
                    return latest == null ? null : latest.value();
                }, state -> state != null && condition.test(state));
    }

    /** Waits until the latest published balance of {@code owner} has exactly these {@link #figures}. */
    public BalanceState awaitFigures(String owner, Map<String, List<Integer>> expected) {
        AtomicReference<BalanceState> seen = new AtomicReference<>();
        await("balance figures of " + owner).atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                .pollInterval(POLL).untilAsserted(() -> {
                    Received<BalanceState> latest = topics.latestBalance(owner);
                    assertThat(latest).as("a balance state of %s", owner).isNotNull();
                    assertThat(figures(latest.value().getLines())).as("lines of %s", owner).isEqualTo(expected);
                    seen.set(latest.value());
                });
        return seen.get();
    }

    public UnitState awaitUnit(String mac, Predicate<UnitState> condition) {
        return await("unit state of " + mac).atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(POLL)
                .until(() -> {
                    Received<UnitState> latest = topics.latestUnit(mac);
                    return latest == null ? null : latest.value();
                }, state -> state != null && condition.test(state));
    }

    // ---------------------------------------------------------------- partitions

    /** The partition the Kafka default partitioner puts {@code key} on (murmur2 of the UTF-8 key). */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    public static int partitionCount(String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().kafkaBootstrapServers()))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe " + topic, e);
        }
    }
}
