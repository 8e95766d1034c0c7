package com.licensemanager.requests;

import com.licensemanager.licensing.file.LicenseFileVerifier;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.requests.RequestGenerator.Order;
import com.licensemanager.requests.SentRequests.Expectation;
import com.licensemanager.requests.model.Account;
import com.licensemanager.requests.model.Balance;
import com.licensemanager.requests.model.LicensingModel;
import com.licensemanager.requests.model.Unit;
import com.licensemanager.schemas.admin.AddAccountToGroup;
import com.licensemanager.schemas.admin.AdminCommand;
import com.licensemanager.schemas.admin.CreateGroup;
import com.licensemanager.schemas.licensing.ActivationKeyIssued;
import com.licensemanager.schemas.licensing.BalanceState;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.schemas.warehouse.UnitShipped;
import com.licensemanager.schemas.licensing.KeyRedeemed;
import com.licensemanager.schemas.licensing.LicensesAssigned;
import com.licensemanager.schemas.licensing.TransferKeyCreated;
import com.licensemanager.schemas.licensing.UnitUpdated;
import com.licensemanager.schemas.portal.AssignLicenses;
import com.licensemanager.schemas.portal.ShareUnitWithEndUser;
import com.licensemanager.state.history.History;
import com.licensemanager.state.history.HistorySums;
import com.licensemanager.state.history.SubjectKind;
import com.licensemanager.state.units.LicenseSigning;
import com.licensemanager.testsupport.LicensingTestInfrastructureInitializer;
import com.licensemanager.testsupport.portal.LicensingPortal.Answer;
import com.licensemanager.testsupport.portal.LicensingPortal;
import com.licensemanager.testsupport.portal.LicensingTopics.Received;
import com.licensemanager.testsupport.portal.LicensingTopics;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static com.licensemanager.platform.db.Tables.HISTORY_ENTRY;
import static com.licensemanager.requests.model.LicensingModel.printed;
import static com.licensemanager.testsupport.portal.LicensingPortal.figures;
import static com.licensemanager.testsupport.portal.LicensingPortal.quantities;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The long one: {@code licensing.random.requests} (default 100,000) random portal requests from 50 accounts, some
 * of them in groups, checked one by one against an in-memory model, and the published balances and units checked
 * against the model at the end. Seeded: the seed is printed and {@code -Dlicensing.random.seed=<seed>} replays the
 * same requests (the service's timing still varies, which the design below makes irrelevant).
 * <p>
 * {@link RequestGenerator} (with {@link LineChooser}) makes the requests, {@link LicensingModel} predicts their
 * answers and the state they leave, {@link SentRequests} records what was sent and expected; this class sends each
 * phase through the running service via the test portal and compares every answer, and the final state.
 *
 * <h2>Why the model can be exact</h2>
 * Kafka orders requests per acting account (the key), but requests of different accounts run on different
 * partitions and consumer threads in any interleaving. The model simulates each account's requests in publish
 * order, which is exactly right for everything only that account's own requests change. The requests are sent in
 * <b>phases</b> (each a few thousand requests; the next phase is generated only when every result of the previous
 * one is in), and within a phase the generator only produces requests whose answer cannot depend on another
 * account's requests of the same phase:
 * <ul>
 *   <li><b>Units</b>: every shipped unit has one <i>operator</i> account, the only one that ever licenses, adds to,
 *   shares or describes it. At the start of each phase about half of the licensed units are <i>frozen</i> for the
 *   phase: nobody changes them, and only then may other accounts touch them (quote, download as owner-group member
 *   or end user, and NOT_PERMITTED attempts). Units nobody owns yet are only ever touched by their operator.</li>
 *   <li><b>Balances of accounts outside groups</b> change only by their own requests (a transfer key redeemed by
 *   someone else only marks the giver's key redeemed), so the model of them is exact, including
 *   INSUFFICIENT_BALANCE and the figures in KeyRedeemed and quotes.</li>
 *   <li><b>Group balances</b> are shared by members on different partitions. Groups get ample balances, and the
 *   model keeps a per-phase <i>budget</i> per group and code: the group's available amount at the start of the
 *   phase minus everything the phase's requests by members are predicted to debit, and minus the lines of members'
 *   requests predicted to be rejected for another reason (a rule, a unit fault), which must still find their lines
 *   available whenever the service checks them (kept back: not debited, but no later request may count on them).
 *   A member's line is either within that budget (so it is available in every interleaving: credits only add) or
 *   absurdly large (10,000,000, so it is short in every interleaving); nothing in between is generated. Quotes of members are checked per box exactly,
 *   their "assignable" only for bounds, and KeyRedeemed's balance figures only for accounts outside groups.</li>
 *   <li><b>Activation keys</b>: each key is meant for one account; other accounts try a key only in a later phase
 *   than the one it was redeemed in (KEY_ALREADY_REDEEMED). Transfer keys are handed to another account only after
 *   the phase that created them.</li>
 *   <li><b>Throttling</b> counts failed redemptions in the last 15 minutes. Ordinary accounts fail at most 4 times
 *   in the whole run and are never throttled; five "guesser" accounts fail often and are throttled after their
 *   fifth failure, and get no redemption requests later than 10 minutes after their first failure, so no failure
 *   can age out of the window while the model still counts it.</li>
 *   <li>Where the contract leaves the combination of reasons open (a unit-level rejection such as NOT_PERMITTED
 *   together with bad lines), the generator sends "clean" lines with unit-level faults and a single bad line with
 *   line-level faults, so every reading of "all reasons together" expects the same answer. Rule and balance
 *   reasons of good lines are combined freely: the contract says they are reported together.</li>
 * </ul>
 * Re-sent requests (the same request id again, new message id) are mixed in; each request id must get exactly as
 * many results as it was sent, all the same event ({@code ce_id}). Every published {@link BalanceState} is checked
 * as it arrives to add up and never be negative ({@link LicensingTopics}).
 * <p>
 * The history (issue 17): every accepted request that changed a unit or balance has exactly one entry per subject it
 * changed, of the kind its command makes, and no other request (rejected, read-only, or re-sent) has any; at the
 * end, every balance's entries add up to its lines and every licensed unit's to its licenses, as the model has them.
 */
@Tag("long")
@SpringBootTest(classes = LicenseRequestsTestApplication.class)
@ContextConfiguration(initializers = LicensingTestInfrastructureInitializer.class)
class RandomRequestsModelTest {

    private static final int REQUESTS = Integer.getInteger("licensing.random.requests", 100_000);
    private static final long SEED = Long.getLong("licensing.random.seed", new SecureRandom().nextLong());
    private static final int ACCOUNTS = 50;
    private static final int[] GROUP_SIZES = {3, 3, 2};
    private static final int GUESSERS = 5;
    private static final int UNITS_PER_ACCOUNT = 60;
    /** MACs that are valid but never shipped. */
    private static final int UNSHIPPED = 200;
    private static final int REQUESTS_PER_PHASE = 5_000;
    private static final Duration PHASE_PATIENCE = Duration.ofMinutes(15);

    @Autowired
    DSLContext db;

    @Autowired
    LicenseSigning signing;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private LicensingPortal portal;
    private LicensingModel model;
    private RequestGenerator generator;
    private final SentRequests sent = new SentRequests();

    private final List<String> mismatches = new ArrayList<>();
    /** Per command: [accepted, rejected]. */
    private final Map<String, int[]> stats = new TreeMap<>();
    private final Map<String, Integer> reasonStats = new TreeMap<>();
    /** Request id -> the history entries ("KIND subject CHANGE") its answer calls for, sorted; none if absent. */
    private final Map<String, List<String>> expectedHistory = new HashMap<>();

    @Test
    void randomRequestsAgreeWithTheModel() {
        portal = new LicensingPortal(db);
        model = new LicensingModel(run, ACCOUNTS, GROUP_SIZES, GUESSERS);
        generator = new RequestGenerator(SEED, run, model, new LicenseFileVerifier(signing.publicKey()),
                sent);
        System.out.printf("RandomRequestsModelTest: %d requests, seed %d (replay with -Dlicensing.random.seed=%d)%n",
                REQUESTS, SEED, SEED);

        Instant setUpStarted = Instant.now();
        setUp();
        System.out.printf("set-up took %s%n", Duration.between(setUpStarted, Instant.now()));

        int phases = Math.max(1, (REQUESTS + REQUESTS_PER_PHASE - 1) / REQUESTS_PER_PHASE);
        Instant started = Instant.now();
        int done = 0;
        for (int phase = 0; phase < phases; phase++) {
            int count = Math.min(REQUESTS_PER_PHASE, REQUESTS - done);
            Instant phaseStarted = Instant.now();
            runPhase("random phase " + (phase + 1) + "/" + phases, () -> generator.randomRequests(count));
            done += count;
            Duration took = Duration.between(phaseStarted, Instant.now());
            System.out.printf("phase %d/%d: %d requests in %s (%.0f/s)%n", phase + 1, phases, count, took,
                    count * 1000.0 / Math.max(1, took.toMillis()));
        }
        Duration took = Duration.between(started, Instant.now());
        System.out.printf("%d random requests answered and checked in %s: %.0f requests/s%n", done, took,
                done * 1000.0 / Math.max(1, took.toMillis()));
        printStats();

        everyRequestWasAnsweredOncePerSend();
        publishedStateAgreesWithTheModel();
        everyAcceptedChangeHasExactlyOneHistoryEntryAndTheHistoriesAddUp();
    }

    // ================================================================ set-up

    private void setUp() {
        // Everyone registers, then vendor staff build the groups.
        runPhase("registration", generator::registrations);
        Map<String, AdminCommand> creations = new LinkedHashMap<>();
        model.groups.keySet().forEach(g ->
                creations.put(g, LicensingPortal.adminCommand(new CreateGroup(g, "Group " + g))));
        awaitAdmin(creations);
        Map<String, AdminCommand> joins = new LinkedHashMap<>();
        model.groups.forEach((g, members) -> members.forEach(m ->
                joins.put(m.id, LicensingPortal.adminCommand(new AddAccountToGroup(g, m.id)))));
        awaitAdmin(joins);

        // Orders in one burst, then the first redemptions.
        List<Order> orders = generator.orders();
        List<ActivationKeyIssued> keys = portal.issueKeys(orders.stream().map(Order::lines).toList());
        generator.keysIssued(orders, keys);
        runPhase("set-up redemptions", generator::setUpRedemptions);

        // The warehouse ships every account's units in one burst.
        List<String> macs = portal.newMacs(ACCOUNTS * UNITS_PER_ACCOUNT + UNSHIPPED);
        Map<String, UnitShipped> shipped = generator.shipments(macs, UNITS_PER_ACCOUNT);
        portal.kafka.publishAll(Topics.UNITS_SHIPPED, shipped);
        portal.awaitRegistered(shipped.keySet());
    }

    private void awaitAdmin(Map<String, AdminCommand> commands) {
        portal.kafka.publishAll(Topics.ADMIN_COMMANDS, commands);
        commands.values().forEach(c -> portal.awaitAnswer(c.getRequestId()).assertAccepted());
    }

    // ================================================================ phases

    /** Generates a phase's requests, sends them, and checks every answer once all are in. */
    private void runPhase(String name, Runnable generate) {
        generator.startPhase();
        generate.run();
        List<LicenseRequest> requests = sent.phase();
        publishInChunks(requests);
        awaitAnswers(name, requests);
        check(name, requests);
        generator.endPhase();
    }

    /**
     * Publishes in chunks of at most one request per account, chunk after chunk: the order of each account's
     * requests is kept, and {@link com.licensemanager.testsupport.KafkaTestClient#publishAll} is keyed by account.
     */
    private void publishInChunks(List<LicenseRequest> requests) {
        Map<String, Deque<LicenseRequest>> queues = new LinkedHashMap<>();
        requests.forEach(r -> queues.computeIfAbsent(r.getActingAccount(), a -> new ArrayDeque<>()).add(r));
        while (!queues.isEmpty()) {
            Map<String, LicenseRequest> chunk = new LinkedHashMap<>();
            queues.forEach((account, queue) -> chunk.put(account, queue.poll()));
            queues.values().removeIf(Deque::isEmpty);
            portal.kafka.publishAll(Topics.LICENSE_REQUESTS, chunk);
        }
    }

    private void awaitAnswers(String name, List<LicenseRequest> requests) {
        Map<String, Integer> pending = new HashMap<>();
        requests.forEach(r -> pending.put(r.getRequestId(), sent.sends().get(r.getRequestId())));
        await(name + ": results").atMost(PHASE_PATIENCE).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(250)).until(() -> {
            pending.entrySet().removeIf(e -> portal.topics.results(e.getKey()).size() >= e.getValue());
            return pending.isEmpty();
        });
    }

    private void check(String name, List<LicenseRequest> requests) {
        for (LicenseRequest request : requests) {
            Expectation expected = sent.takeExpectation(request.getRequestId());
            if (expected == null) {
                continue; // a re-send: checked at the end
            }
            Received<LicenseResult> received = portal.topics.results(request.getRequestId()).getFirst();
            LicenseResult result = received.value();
            String command = request.getCommand().getClass().getSimpleName();
            count(command, result.getAccepted());
            List<String> reasons = LicensingPortal.answer(received).reasons().stream().sorted().toList();
            reasons.forEach(r -> reasonStats.merge(command + " " + r, 1, Integer::sum));
            if (result.getAccepted()) {
                expectHistory(request, result);
            }
            try {
                assertThat(result.getRequestId()).isEqualTo(request.getRequestId());
                assertThat(result.getActingAccount()).isEqualTo(request.getActingAccount());
                assertThat(received.key()).isEqualTo(request.getActingAccount());
                assertThat(result.getCommand()).isEqualTo(command);
                assertThat(result.getAccepted()).as("accepted").isEqualTo(expected.accepted());
                assertThat(reasons).as("reasons").isEqualTo(expected.reasons().stream().sorted().toList());
                if (expected.accepted()) {
                    expected.outcome().accept(result.getOutcome());
                } else {
                    assertThat(result.getOutcome()).as("outcome of a rejection").isNull();
                }
            } catch (AssertionError | RuntimeException e) {
                mismatches.add(request.getRequestId() + " " + command + " of " + request.getActingAccount() + ": "
                        + e.getMessage().strip().replaceAll("\\s+", " ") + "\n    request: " + request
                        + "\n    result: " + result);
            }
        }
        if (!mismatches.isEmpty()) {
            throw new AssertionError(name + ": " + mismatches.size() + " results differ from the model (seed " + SEED
                    + "); the first ones:\n"
                    + String.join("\n", mismatches.subList(0, Math.min(25, mismatches.size()))));
        }
    }

    /** The history entries an accepted request's answer calls for: one per subject its command changed. */
    private void expectHistory(LicenseRequest request, LicenseResult result) {
        Account actor = model.accounts.stream().filter(a -> a.id.equals(request.getActingAccount())).findFirst()
                .orElse(null);
        List<String> entries = new ArrayList<>();
        switch (result.getOutcome()) {
            case LicensesAssigned assigned -> {
                String change = request.getCommand() instanceof AssignLicenses ? "LICENSED" : "ADDED";
                entries.add("UNIT " + assigned.getMac() + " " + change);
                entries.add("BALANCE " + actor.balanceOwner + " " + change);
            }
            case KeyRedeemed redeemed -> {
                entries.add("BALANCE " + redeemed.getBalanceOwner() + " KEY_REDEEMED");
                String giver = model.transferKeyGiver(redeemed.getActivationKey());
                if (giver != null) {
                    entries.add("BALANCE " + giver + " TRANSFER_KEY_REDEEMED");
                }
            }
            case TransferKeyCreated created -> entries.add("BALANCE " + actor.balanceOwner + " TRANSFER_KEY_CREATED");
            case UnitUpdated updated -> entries.add("UNIT " + updated.getMac() + " "
                    + (request.getCommand() instanceof ShareUnitWithEndUser ? "SHARED" : "DETAILS_CHANGED"));
            case null, default -> {
                // registrations, quotes and downloads change no unit or balance figure: no entry
            }
        }
        if (!entries.isEmpty()) {
            expectedHistory.put(request.getRequestId(), entries.stream().sorted().toList());
        }
    }

    private void count(String command, boolean accepted) {
        stats.computeIfAbsent(command, c -> new int[2])[accepted ? 0 : 1]++;
    }

    // ================================================================ final checks

    private void everyRequestWasAnsweredOncePerSend() {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> sends = sent.sends();
        sends.forEach((requestId, count) -> {
            List<Answer> answers = portal.answers(requestId);
            Set<String> events = answers.stream().map(Answer::eventId).collect(Collectors.toSet());
            if (answers.size() != count || events.size() != 1
                    || answers.stream().map(Answer::result).distinct().count() != 1) {
                problems.add(requestId + ": sent " + count + " times, " + answers.size() + " results, events "
                        + events);
            }
        });
        Set<String> unasked = portal.topics.requestIds().stream()
                .filter(id -> id.startsWith(generator.requestIdPrefix()) && !sends.containsKey(id))
                .collect(Collectors.toSet());
        assertThat(unasked).as("results for requests never sent").isEmpty();
        assertThat(problems).as("request ids not answered exactly once per send with one event").isEmpty();
        long resent = sends.values().stream().filter(c -> c > 1).count();
        System.out.printf("%d request ids, %d of them sent more than once: each answered once per send, "
                + "one event each%n", sends.size(), resent);
    }

    private void publishedStateAgreesWithTheModel() {
        for (Balance balance : model.balances.values()) {
            await("balance of " + balance.owner).atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        Received<BalanceState> latest = portal.topics.latestBalance(balance.owner);
                        assertThat(latest).as("a balance state of %s", balance.owner).isNotNull();
                        BalanceState state = latest.value();
                        assertThat(figures(state.getLines())).as("lines of %s", balance.owner)
                                .isEqualTo(balance.figures().entrySet().stream()
                                        .filter(e -> e.getValue().stream().anyMatch(v -> v != 0))
                                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
                        // A state lists the latest keys and counts the earlier ones (BalanceStates.LISTED).
                        assertThat(state.getActivations().size() + state.getEarlierActivations())
                                .as("activations of %s, listed and earlier", balance.owner)
                                .isEqualTo(balance.activations.size());
                        assertThat(balance.activations).as("activations of %s", balance.owner)
                                .containsAllEntriesOf(state.getActivations().stream().collect(Collectors.toMap(
                                        a -> a.getActivationKey(), a -> a.getRedeemedBy())));
                        Map<String, String> transferKeys = new HashMap<>();
                        state.getTransferKeys().forEach(t -> transferKeys.put(t.getActivationKey(),
                                t.getRedeemedBy() == null ? "-" : t.getRedeemedBy()));
                        Map<String, String> expected = new HashMap<>();
                        balance.transferKeys.forEach((k, v) -> expected.put(k, v == null ? "-" : v));
                        assertThat(transferKeys.size() + state.getEarlierTransferKeys())
                                .as("transfer keys of %s, listed and earlier", balance.owner).isEqualTo(expected.size());
                        assertThat(expected).as("transfer keys of %s", balance.owner).containsAllEntriesOf(transferKeys);
                    });
        }
        for (Account account : model.accounts) {
            if (account.inGroup) {
                Received<BalanceState> own = portal.topics.latestBalance(account.id);
                assertThat(own == null || own.value().getLines().isEmpty())
                        .as("the own balance of group member %s is empty", account.id).isTrue();
            }
        }
        int licensed = 0;
        for (Unit unit : model.units.values()) {
            if (!unit.licensed()) {
                Received<UnitState> state = portal.topics.latestUnit(unit.mac);
                assertThat(state == null || state.value().getLicenses().isEmpty()).as("unit %s", unit.mac).isTrue();
                continue;
            }
            licensed++;
            UnitState state = await("unit " + unit.mac).atMost(Duration.ofSeconds(60))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        Received<UnitState> latest = portal.topics.latestUnit(unit.mac);
                        return latest == null ? null : latest.value();
                    }, s -> s != null && s.getLicenseFile() != null && s.getLicenseFile().getSequence() == unit.sequence
                            && Objects.equals(s.getEndUser(), unit.endUser)
                            && Objects.equals(s.getComment2(), unit.comment2));
            assertThat(state.getOwner()).isEqualTo(unit.owner);
            assertThat(state.getAssignedBy()).isEqualTo(unit.assignedBy);
            assertThat(state.getModel()).isEqualTo(unit.model);
            assertThat(quantities(state.getLicenses())).as("licenses of %s", unit.mac).isEqualTo(printed(unit.held));
            assertThat(List.of(String.valueOf(state.getEndCustomer()), String.valueOf(state.getLocation()),
                    String.valueOf(state.getComment1()), String.valueOf(state.getComment2())))
                    .as("details of %s", unit.mac)
                    .isEqualTo(List.of(String.valueOf(unit.endCustomer), String.valueOf(unit.location),
                            String.valueOf(unit.comment1), String.valueOf(unit.comment2)));
        }
        assertThat(portal.topics.allBalanceViolations()).as("balance states that do not add up or are negative")
                .isEmpty();
        System.out.printf("published state agrees with the model: %d balances, %d licensed units of %d%n",
                model.balances.size(), licensed, model.units.size());
    }

    private void everyAcceptedChangeHasExactlyOneHistoryEntryAndTheHistoriesAddUp() {
        Map<String, List<String>> written = new HashMap<>();
        db.select(HISTORY_ENTRY.REQUEST_ID, HISTORY_ENTRY.SUBJECT_KIND, HISTORY_ENTRY.SUBJECT, HISTORY_ENTRY.CHANGE)
                .from(HISTORY_ENTRY).where(HISTORY_ENTRY.REQUEST_ID.startsWith(generator.requestIdPrefix()))
                .fetch().forEach(row -> written.computeIfAbsent(row.value1(), id -> new ArrayList<>())
                        .add(row.value2() + " " + row.value3() + " " + row.value4()));
        written.replaceAll((id, entries) -> entries.stream().sorted().toList());
        List<String> problems = new ArrayList<>();
        sent.sends().keySet().forEach(requestId -> {
            List<String> expected = expectedHistory.getOrDefault(requestId, List.of());
            List<String> actual = written.getOrDefault(requestId, List.of());
            if (!expected.equals(actual)) {
                problems.add(requestId + ": expected " + expected + ", written " + actual);
            }
        });
        assertThat(written.keySet()).as("history entries of requests never sent").isSubsetOf(sent.sends().keySet());
        assertThat(problems).as("requests whose history entries differ from their accepted changes (of %d)",
                sent.sends().size()).isEmpty();

        History history = new History(db);
        for (Balance balance : model.balances.values()) {
            assertThat(figures(HistorySums.balanceLines(history.of(SubjectKind.BALANCE, balance.owner))))
                    .as("the history of balance %s adds up to its lines", balance.owner)
                    .isEqualTo(balance.figures().entrySet().stream()
                            .filter(e -> e.getValue().stream().anyMatch(v -> v != 0))
                            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        }
        for (Unit unit : model.units.values()) {
            assertThat(HistorySums.unitLicenses(history.of(SubjectKind.UNIT, unit.mac)))
                    .as("the history of unit %s adds up to its licenses", unit.mac).isEqualTo(printed(unit.held));
        }
        int entries = written.values().stream().mapToInt(List::size).sum();
        System.out.printf("history: %d entries of %d accepted changing requests, exactly as expected; %d balances "
                + "and %d units add up%n", entries, expectedHistory.size(), model.balances.size(), model.units.size());
    }

    private void printStats() {
        StringBuilder out = new StringBuilder("results per command (accepted/rejected):\n");
        stats.forEach((command, c) -> out.append(String.format("  %-22s %7d / %7d%n", command, c[0], c[1])));
        out.append("reasons:\n");
        reasonStats.forEach((reason, n) -> out.append(String.format("  %-55s %7d%n", reason, n)));
        System.out.print(out);
    }
}
