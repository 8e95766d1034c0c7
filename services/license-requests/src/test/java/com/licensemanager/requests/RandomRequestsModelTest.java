package com.licensemanager.requests;

import com.licensemanager.licensing.catalogue.ProductCatalogue;
import com.licensemanager.licensing.catalogue.ProductModel;
import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.licensing.code.MalformedLicenseCodeException;
import com.licensemanager.licensing.file.LicenseFileVerifier;
import com.licensemanager.licensing.file.VerificationResult;
import com.licensemanager.licensing.key.ActivationKey;
import com.licensemanager.licensing.mac.MacAddress;
import com.licensemanager.licensing.mac.MalformedMacAddressException;
import com.licensemanager.licensing.unit.Quote;
import com.licensemanager.licensing.unit.RuleVerdict;
import com.licensemanager.licensing.unit.UnitRules;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.admin.AddAccountToGroup;
import com.licensemanager.schemas.admin.AdminCommand;
import com.licensemanager.schemas.admin.CreateGroup;
import com.licensemanager.schemas.common.LicenseFile;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.licensing.AccountRegistered;
import com.licensemanager.schemas.licensing.ActivationKeyIssued;
import com.licensemanager.schemas.licensing.AssignmentQuoted;
import com.licensemanager.schemas.licensing.BalanceState;
import com.licensemanager.schemas.licensing.KeyRedeemed;
import com.licensemanager.schemas.licensing.LicenseFileDownloaded;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.schemas.licensing.LicensesAssigned;
import com.licensemanager.schemas.licensing.TransferKeyCreated;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.schemas.licensing.UnitUpdated;
import com.licensemanager.schemas.portal.AddLicenses;
import com.licensemanager.schemas.portal.AssignLicenses;
import com.licensemanager.schemas.portal.CreateTransferKey;
import com.licensemanager.schemas.portal.DownloadLicenseFile;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.schemas.portal.QuoteAssignment;
import com.licensemanager.schemas.portal.RedeemActivationKey;
import com.licensemanager.schemas.portal.RegisterAccount;
import com.licensemanager.schemas.portal.SetUnitDetails;
import com.licensemanager.schemas.portal.ShareUnitWithEndUser;
import com.licensemanager.schemas.warehouse.UnitShipped;
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

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static com.licensemanager.testsupport.portal.LicensingPortal.figures;
import static com.licensemanager.testsupport.portal.LicensingPortal.line;
import static com.licensemanager.testsupport.portal.LicensingPortal.quantities;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The long one: {@code licensing.random.requests} (default 100,000) random portal requests from 50 accounts, some
 * of them in groups, checked one by one against an in-memory model, and the published balances and units checked
 * against the model at the end. Seeded: the seed is printed and {@code -Dlicensing.random.seed=<seed>} replays the
 * same requests (the service's timing still varies, which the design below makes irrelevant).
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
 *   generator keeps a per-phase <i>budget</i> per group and code: the group's available amount at the start of the
 *   phase minus everything the phase's requests by members are predicted to debit. A member's line is either within
 *   that budget (so it is available in every interleaving: credits only add) or absurdly large (10,000,000, so it is
 *   short in every interleaving); nothing in between is generated. Quotes of members are checked per box exactly,
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
    private static final int REQUESTS_PER_PHASE = 5_000;
    /** A quantity no balance ever reaches. */
    private static final int OVER = 10_000_000;
    private static final Duration GUESSING_TIME = Duration.ofMinutes(10);
    private static final Duration PHASE_PATIENCE = Duration.ofMinutes(15);

    private static final ProductCatalogue CATALOGUE = ProductCatalogue.loadDefault();
    private static final UnitRules RULES = new UnitRules(CATALOGUE);
    private static final List<String> MODELS = List.of("IP811", "IP811", "IP811", "IP0010", "IP22", "IP24", "IP302",
            "IP1200", "IP6010", "IP810");
    /** Codes sold, with a typical quantity per order of an account. */
    private static final Map<String, Integer> TYPICAL = typical();
    private static final List<String> ALL_CODES = List.copyOf(TYPICAL.keySet());
    private static final List<String> MALFORMED_CODES = List.of("PBX7#15", "Channels#4", "Channels ", "",
            "PBX6#15@30", "Foo", "PBX6#015");
    private static final List<String> MALFORMED_MACS = List.of("00-11-22-33-44-55", "00:90:33:12:34:56",
            "009033123456", "00-90-33-GG-00-01", "01-90-33-12-34-56", "00-90-33-12-34", "", " 00-90-33-12-34-56");

    @Autowired
    DSLContext db;

    @Autowired
    LicenseSigning signing;

    private final Random random = new Random(SEED);
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private long requestCounter;
    private LicensingPortal portal;
    private LicenseFileVerifier verifier;

    // the model
    private final List<Acct> accounts = new ArrayList<>();
    private final Map<String, Acct> accountsById = new HashMap<>();
    private final List<String> unregistered = new ArrayList<>();
    private final Map<String, Bal> balances = new LinkedHashMap<>();
    private final Map<String, Box> units = new LinkedHashMap<>();
    private final List<String> unshipped = new ArrayList<>();
    private final Map<String, List<LicenseLine>> keyLines = new HashMap<>();
    private final Map<String, String> transferKeyGiver = new HashMap<>();
    private final List<String> redeemedBeforeThisPhase = new ArrayList<>();
    private final List<String> redeemedThisPhase = new ArrayList<>();
    private final Map<String, Integer> sends = new HashMap<>();
    private final List<LicenseRequest> originals = new ArrayList<>();
    private final List<String> mismatches = new ArrayList<>();
    private final Map<String, Map<String, Integer>> budgets = new HashMap<>();
    private final List<Box> frozen = new ArrayList<>();
    private final Set<String> frozenMacs = new HashSet<>();
    private final List<Runnable> afterPhase = new ArrayList<>();
    private final Map<String, int[]> stats = new TreeMap<>();
    private final Map<String, Integer> reasonStats = new TreeMap<>();

    // the phase being generated
    private List<LicenseRequest> current = new ArrayList<>();
    private final Map<String, Expectation> expectations = new HashMap<>();

    /** One account of the portal. */
    static final class Acct {
        final String id;
        final String email;
        String owner;
        boolean inGroup;
        boolean guesser;
        int failures;
        Instant firstFailure;
        final Deque<String> keysToRedeem = new ArrayDeque<>();
        final List<String> redeemed = new ArrayList<>();
        final List<Box> units = new ArrayList<>();

        Acct(String id) {
            this.id = id;
            this.email = LicensingPortal.emailOf(id);
            this.owner = id;
        }
    }

    /** One balance: per code [uploaded, used, transferred]. */
    static final class Bal {
        final String owner;
        final boolean group;
        final Map<String, int[]> lines = new TreeMap<>();
        final Map<String, String> activations = new LinkedHashMap<>();
        final Map<String, String> transferKeys = new LinkedHashMap<>();

        Bal(String owner, boolean group) {
            this.owner = owner;
            this.group = group;
        }

        int available(String code) {
            int[] f = lines.get(code);
            return f == null ? 0 : f[0] - f[1] - f[2];
        }

        int[] line(String code) {
            return lines.computeIfAbsent(code, c -> new int[3]);
        }

        Map<String, List<Integer>> figures() {
            Map<String, List<Integer>> figures = new TreeMap<>();
            lines.forEach((code, f) -> figures.put(code, List.of(f[0], f[1], f[2], f[0] - f[1] - f[2])));
            return figures;
        }
    }

    /** One shipped unit. */
    static final class Box {
        final String mac;
        final String model;
        final Acct operator;
        String owner;
        String assignedBy;
        String endUser;
        LicenseBundle held = LicenseBundle.empty();
        int sequence;
        String endCustomer;
        String location;
        String comment1;
        String comment2;

        Box(String mac, String model, Acct operator) {
            this.mac = mac;
            this.model = model;
            this.operator = operator;
        }

        ProductModel productModel() {
            return CATALOGUE.require(model);
        }
    }

    /** What the model says the answer to one request must be. */
    record Expectation(LicenseRequest request, boolean accepted, List<String> reasons, Consumer<Object> outcome) {
    }

    @Test
    void randomRequestsAgreeWithTheModel() {
        portal = new LicensingPortal(db);
        verifier = new LicenseFileVerifier(signing.publicKey());
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
            runPhase("random phase " + (phase + 1) + "/" + phases, () -> {
                for (int i = 0; i < count; i++) {
                    randomRequest();
                }
            });
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
    }

    // ================================================================ set-up

    private void setUp() {
        for (int i = 0; i < ACCOUNTS; i++) {
            Acct account = new Acct("acct-rnd-" + run + "-" + i + "-" + UUID.randomUUID().toString().substring(0, 8));
            accounts.add(account);
            accountsById.put(account.id, account);
        }
        for (int i = 0; i < 3; i++) {
            unregistered.add("acct-never-registered-" + UUID.randomUUID());
        }
        int next = 0;
        Map<String, List<Acct>> groups = new LinkedHashMap<>();
        for (int size : GROUP_SIZES) {
            String group = LicensingPortal.newGroupId();
            balances.put(group, new Bal(group, true));
            List<Acct> members = new ArrayList<>();
            for (int j = 0; j < size; j++) {
                Acct member = accounts.get(next++);
                member.owner = group;
                member.inGroup = true;
                members.add(member);
            }
            groups.put(group, members);
        }
        for (int i = next; i < accounts.size(); i++) {
            Acct solo = accounts.get(i);
            balances.put(solo.id, new Bal(solo.id, false));
            solo.guesser = i < next + GUESSERS;
        }

        // Everyone registers, then vendor staff build the groups.
        runPhase("registration", () -> accounts.forEach(this::register));
        Map<String, AdminCommand> creations = new LinkedHashMap<>();
        groups.keySet().forEach(g -> creations.put(g, LicensingPortal.adminCommand(new CreateGroup(g, "Group " + g))));
        awaitAdmin(creations);
        Map<String, AdminCommand> joins = new LinkedHashMap<>();
        groups.forEach((g, members) -> members.forEach(m ->
                joins.put(m.id, LicensingPortal.adminCommand(new AddAccountToGroup(g, m.id)))));
        awaitAdmin(joins);

        // Orders in one burst: three moderate keys per account outside groups, two huge ones per group.
        List<List<LicenseLine>> orders = new ArrayList<>();
        List<Acct> meantFor = new ArrayList<>();
        for (Acct account : accounts) {
            if (!account.inGroup) {
                for (int k = 0; k < 3; k++) {
                    orders.add(orderLines(1));
                    meantFor.add(account);
                }
            }
        }
        groups.values().forEach(members -> {
            for (int k = 0; k < 2; k++) {
                orders.add(orderLines(150));
                meantFor.add(members.get(random.nextInt(members.size())));
            }
        });
        List<ActivationKeyIssued> keys = portal.issueKeys(orders);
        for (int i = 0; i < keys.size(); i++) {
            keyLines.put(keys.get(i).getActivationKey(), keys.get(i).getLicenses());
            meantFor.get(i).keysToRedeem.add(keys.get(i).getActivationKey());
        }
        // Groups redeem their keys now (so their budgets are ample from the first phase on), the others one key each.
        runPhase("set-up redemptions", () -> accounts.forEach(account -> {
            int count = account.inGroup ? account.keysToRedeem.size() : 1;
            for (int k = 0; k < count; k++) {
                redeemValid(account, account.keysToRedeem.poll());
            }
        }));

        // The warehouse ships every account's units in one burst.
        List<String> macs = portal.newMacs(ACCOUNTS * UNITS_PER_ACCOUNT + 200);
        Map<String, UnitShipped> shipped = new LinkedHashMap<>();
        int m = 0;
        for (Acct account : accounts) {
            for (int u = 0; u < UNITS_PER_ACCOUNT; u++) {
                String mac = macs.get(m++);
                String model = MODELS.get(random.nextInt(MODELS.size()));
                Box box = new Box(mac, model, account);
                account.units.add(box);
                units.put(mac, box);
                shipped.put(mac, new UnitShipped(mac, model, "ORD-" + run, Instant.now()));
            }
        }
        unshipped.addAll(macs.subList(m, macs.size()));
        portal.kafka.publishAll(Topics.UNITS_SHIPPED, shipped);
        portal.awaitRegistered(shipped.keySet());
    }

    private List<LicenseLine> orderLines(int factor) {
        List<String> codes = new ArrayList<>(ALL_CODES);
        Collections.shuffle(codes, random);
        int count = factor > 1 ? codes.size() : 6 + random.nextInt(codes.size() - 5);
        List<LicenseLine> lines = new ArrayList<>();
        for (String code : codes.subList(0, count)) {
            int typical = TYPICAL.get(code) * factor;
            lines.add(line(code, Math.max(1, typical / 2 + random.nextInt(typical + 1))));
        }
        return lines;
    }

    private void awaitAdmin(Map<String, AdminCommand> commands) {
        portal.kafka.publishAll(Topics.ADMIN_COMMANDS, commands);
        commands.values().forEach(c -> portal.awaitAnswer(c.getRequestId()).assertAccepted());
    }

    // ================================================================ phases

    private void runPhase(String name, Runnable generate) {
        startPhase();
        current = new ArrayList<>();
        generate.run();
        publishInChunks(current);
        awaitAnswers(name, current);
        check(name, current);
        afterPhase.forEach(Runnable::run);
        afterPhase.clear();
        redeemedBeforeThisPhase.addAll(redeemedThisPhase);
        redeemedThisPhase.clear();
    }

    private void startPhase() {
        budgets.clear();
        balances.values().stream().filter(b -> b.group).forEach(b -> {
            Map<String, Integer> budget = new HashMap<>();
            b.lines.keySet().forEach(code -> budget.put(code, b.available(code)));
            budgets.put(b.owner, budget);
        });
        frozen.clear();
        frozenMacs.clear();
        units.values().stream().filter(u -> u.owner != null && random.nextBoolean()).forEach(u -> {
            frozen.add(u);
            frozenMacs.add(u.mac);
        });
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
        requests.forEach(r -> pending.put(r.getRequestId(), sends.get(r.getRequestId())));
        await(name + ": results").atMost(PHASE_PATIENCE).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(250)).until(() -> {
            pending.entrySet().removeIf(e -> portal.topics.results(e.getKey()).size() >= e.getValue());
            return pending.isEmpty();
        });
    }

    private void check(String name, List<LicenseRequest> requests) {
        for (LicenseRequest request : requests) {
            Expectation expected = expectations.remove(request.getRequestId());
            if (expected == null) {
                continue; // a re-send: checked at the end
            }
            Received<LicenseResult> received = portal.topics.results(request.getRequestId()).getFirst();
            LicenseResult result = received.value();
            String command = request.getCommand().getClass().getSimpleName();
            count(command, result.getAccepted());
            List<String> reasons = LicensingPortal.answer(received).reasons().stream().sorted().toList();
            reasons.forEach(r -> reasonStats.merge(command + " " + r, 1, Integer::sum));
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

    private void count(String command, boolean accepted) {
        stats.computeIfAbsent(command, c -> new int[2])[accepted ? 0 : 1]++;
    }

    // ================================================================ sending

    /** Queues a request of the current phase with what the model expects of it. */
    private void expect(LicenseRequest request, boolean accepted, List<String> reasons, Consumer<Object> outcome) {
        current.add(request);
        sends.merge(request.getRequestId(), 1, Integer::sum);
        originals.add(request);
        expectations.put(request.getRequestId(), new Expectation(request, accepted, reasons, outcome));
    }

    private LicenseRequest request(String account, Object command) {
        return new LicenseRequest("rnd-" + run + "-" + (++requestCounter), account, Instant.now(), command);
    }

    private void accept(String account, Object command, Consumer<Object> outcome) {
        expect(request(account, command), true, List.of(), outcome);
    }

    private void reject(String account, Object command, String... reasons) {
        expect(request(account, command), false, List.of(reasons), null);
    }

    private void reject(String account, Object command, List<String> reasons) {
        expect(request(account, command), false, reasons, null);
    }

    // ================================================================ the random mix

    private void randomRequest() {
        int roll = random.nextInt(100);
        if (roll < 1) {
            unregisteredRequest();
            return;
        }
        Acct account = accounts.get(random.nextInt(accounts.size()));
        boolean generated;
        if (roll < 5) {
            generated = resend();
        } else if (roll < 13) {
            generated = redeem(account);
        } else if (roll < 25) {
            generated = quote(account);
        } else if (roll < 47) {
            generated = assign(account);
        } else if (roll < 63) {
            generated = add(account);
        } else if (roll < 67) {
            generated = transfer(account);
        } else if (roll < 74) {
            generated = share(account);
        } else if (roll < 81) {
            generated = details(account);
        } else {
            generated = download(account);
        }
        if (!generated) {
            quote(account);
        }
    }

    private void unregisteredRequest() {
        String stranger = unregistered.get(random.nextInt(unregistered.size()));
        Box unit = anyUnit();
        Object command = switch (random.nextInt(4)) {
            case 0 -> new QuoteAssignment(unit.mac, null);
            case 1 -> new RedeemActivationKey(ActivationKey.generate(random).toString());
            case 2 -> new DownloadLicenseFile(unit.mac);
            default -> new CreateTransferKey(List.of(line("Channels", 1)));
        };
        reject(stranger, command, "ACCOUNT_NOT_REGISTERED");
    }

    /** The same request once more, under a new message id; it must be answered with the same event. */
    private boolean resend() {
        if (originals.isEmpty()) {
            return false;
        }
        int back = random.nextInt(Math.min(originals.size(), 20_000));
        LicenseRequest original = originals.get(originals.size() - 1 - back);
        current.add(original);
        sends.merge(original.getRequestId(), 1, Integer::sum);
        return true;
    }

    // ---------------------------------------------------------------- accounts and keys

    private void register(Acct account) {
        accept(account.id, new RegisterAccount(account.email, "Company " + account.id), outcome -> {
            AccountRegistered registered = (AccountRegistered) outcome;
            assertThat(registered.getAccountId()).isEqualTo(account.id);
            assertThat(registered.getEmail()).isEqualTo(account.email);
        });
    }

    private boolean redeem(Acct account) {
        if (account.guesser) {
            if (account.firstFailure != null
                    && Instant.now().isAfter(account.firstFailure.plus(GUESSING_TIME))) {
                return false;
            }
            if (random.nextBoolean() || account.keysToRedeem.isEmpty()) {
                return redeemFailing(account);
            }
            return redeemValid(account, account.keysToRedeem.poll());
        }
        if (account.failures < 4 && random.nextInt(8) == 0) {
            return redeemFailing(account);
        }
        if (account.keysToRedeem.isEmpty()) {
            return false;
        }
        return redeemValid(account, account.keysToRedeem.poll());
    }

    private boolean throttled(Acct account, Object command) {
        if (account.failures >= 5) {
            reject(account.id, command, "REDEMPTION_THROTTLED");
            return true;
        }
        return false;
    }

    private boolean redeemValid(Acct account, String key) {
        RedeemActivationKey command = new RedeemActivationKey(typed(key));
        if (throttled(account, command)) {
            return true;
        }
        Bal balance = balances.get(account.owner);
        List<LicenseLine> lines = keyLines.get(key);
        lines.forEach(l -> balance.line(l.getLicenseCode())[0] += l.getQuantity());
        balance.activations.put(key, account.id);
        String giver = transferKeyGiver.get(key);
        if (giver != null) {
            balances.get(giver).transferKeys.put(key, account.id);
        }
        account.redeemed.add(key);
        redeemedThisPhase.add(key);
        Map<String, List<Integer>> after = balance.figures();
        boolean exact = !account.inGroup;
        accept(account.id, command, outcome -> {
            KeyRedeemed redeemed = (KeyRedeemed) outcome;
            assertThat(redeemed.getActivationKey()).isEqualTo(key);
            assertThat(quantities(redeemed.getActivations())).isEqualTo(quantities(lines));
            assertThat(redeemed.getBalanceOwner()).isEqualTo(account.owner);
            if (exact) {
                assertThat(figures(redeemed.getBalance())).as("balance after").isEqualTo(after);
            }
        });
        return true;
    }

    private boolean redeemFailing(Acct account) {
        String text;
        String reason;
        int kind = random.nextInt(4);
        if (kind == 2 && !account.redeemed.isEmpty()) {
            text = typed(account.redeemed.get(random.nextInt(account.redeemed.size())));
            reason = "KEY_ALREADY_REDEEMED";
        } else if (kind == 3 && !redeemedBeforeThisPhase.isEmpty()) {
            text = typed(redeemedBeforeThisPhase.get(random.nextInt(redeemedBeforeThisPhase.size())));
            reason = "KEY_ALREADY_REDEEMED";
        } else if (kind == 1) {
            text = ActivationKey.generate(random).toString();
            reason = "KEY_UNKNOWN";
        } else {
            text = switch (random.nextInt(3)) {
                case 0 -> "ABCDE-12345";
                case 1 -> RejectionReasonsIntegrationTest.mistype(ActivationKey.generate(random).toString());
                default -> "UUUUU-" + random.nextInt(1000);
            };
            reason = "KEY_MALFORMED";
        }
        RedeemActivationKey command = new RedeemActivationKey(text);
        if (throttled(account, command)) {
            return true;
        }
        account.failures++;
        if (account.firstFailure == null) {
            account.firstFailure = Instant.now();
        }
        reject(account.id, command, reason);
        return true;
    }

    /** The key as a person might enter it: canonical, scanned, or typed sloppily. */
    private String typed(String key) {
        return switch (random.nextInt(4)) {
            case 0 -> key;
            case 1 -> ActivationKey.SCAN_PREFIX + key;
            case 2 -> key.toLowerCase(Locale.ROOT).replace("-", "");
            default -> RejectionReasonsIntegrationTest.typedSloppily(key);
        };
    }

    private boolean transfer(Acct account) {
        int variant = random.nextInt(100);
        List<LicenseLine> lines;
        if (variant < 55) {
            lines = new ArrayList<>();
            List<String> codes = shuffled(ALL_CODES);
            int wanted = 1 + random.nextInt(2);
            for (String code : codes) {
                int available = available(account, code);
                if (available > 0 && lines.size() < wanted) {
                    lines.add(line(code, 1 + random.nextInt(Math.min(available, 5))));
                }
            }
            if (lines.isEmpty()) {
                lines = overLine(account, ALL_CODES.get(random.nextInt(ALL_CODES.size())));
            }
        } else if (variant < 80) {
            lines = overLine(account, ALL_CODES.get(random.nextInt(ALL_CODES.size())));
        } else if (variant < 87) {
            lines = List.of(malformedLine());
        } else if (variant < 94) {
            lines = List.of(nonPositiveLine());
        } else {
            lines = List.of();
        }
        CreateTransferKey command = new CreateTransferKey(lines);
        LineCheck parsed = parse(lines);
        if (!parsed.reasons.isEmpty()) {
            reject(account.id, command, parsed.reasons);
            return true;
        }
        List<String> shortfalls = shortfalls(account, parsed.bundle);
        if (!shortfalls.isEmpty()) {
            reject(account.id, command, shortfalls);
            return true;
        }
        debit(account, parsed.bundle, 2);
        Map<String, Integer> expected = printed(parsed.bundle);
        Bal giver = balances.get(account.owner);
        accept(account.id, command, outcome -> {
            TransferKeyCreated created = (TransferKeyCreated) outcome;
            assertThat(quantities(created.getLicenses())).isEqualTo(expected);
            assertThat(ActivationKey.parse(created.getActivationKey()).toString())
                    .isEqualTo(created.getActivationKey());
            assertThat(created.getScanPayload()).isEqualTo(ActivationKey.SCAN_PREFIX + created.getActivationKey());
            String key = created.getActivationKey();
            keyLines.put(key, created.getLicenses());
            transferKeyGiver.put(key, giver.owner);
            giver.transferKeys.put(key, null);
            if (random.nextInt(10) < 7) {
                afterPhase.add(() -> {
                    Acct receiver = accounts.get(random.nextInt(accounts.size()));
                    if (receiver != account && !receiver.guesser) {
                        receiver.keysToRedeem.add(key);
                    }
                });
            }
        });
        return true;
    }

    // ---------------------------------------------------------------- units

    private boolean quote(Acct account) {
        int variant = random.nextInt(100);
        Box unit;
        if (variant < 55 && (unit = ownUnit(account)) != null) {
            String checksum = random.nextInt(5) == 0 ? caseOf(MacAddress.parse(unit.mac).checksum()) : null;
            quoteAccepted(account, unit, new QuoteAssignment(caseOf(unit.mac), checksum));
        } else if (variant < 65 && (unit = frozen(u -> Objects.equals(u.owner, account.owner))) != null) {
            quoteAccepted(account, unit, new QuoteAssignment(unit.mac, null));
        } else if (variant < 75 && (unit = frozenForeign(account)) != null) {
            reject(account.id, new QuoteAssignment(unit.mac, null), "NOT_PERMITTED");
        } else if (variant < 85) {
            reject(account.id, new QuoteAssignment(unshipped(), null), "UNIT_NOT_SHIPPED");
        } else if (variant < 93 || (unit = ownUnit(account)) == null) {
            String mac = MALFORMED_MACS.get(random.nextInt(MALFORMED_MACS.size()));
            reject(account.id, new QuoteAssignment(mac, null), macReason(mac, null));
        } else {
            String wrong = wrongChecksum(unit.mac);
            reject(account.id, new QuoteAssignment(unit.mac, wrong), macReason(unit.mac, wrong));
        }
        return true;
    }

    private void quoteAccepted(Acct account, Box unit, QuoteAssignment command) {
        Quote quote = RULES.quote(unit.productModel(), unit.held);
        Map<String, Integer> perBox = new TreeMap<>();
        quote.maxima().forEach((code, max) -> perBox.put(code.print(), max));
        Map<String, Integer> assignable = new TreeMap<>();
        perBox.forEach((code, max) -> {
            int now = Math.min(max, balances.get(account.owner).available(code));
            if (now > 0) {
                assignable.put(code, now);
            }
        });
        boolean exact = !account.inGroup;
        accept(account.id, command, outcome -> {
            AssignmentQuoted quoted = (AssignmentQuoted) outcome;
            assertThat(quoted.getMac()).isEqualTo(unit.mac);
            assertThat(quoted.getModel()).isEqualTo(unit.model);
            assertThat(quantities(quoted.getPerBox())).as("per box").isEqualTo(perBox);
            if (exact) {
                assertThat(quantities(quoted.getAssignable())).as("assignable").isEqualTo(assignable);
            } else {
                quantities(quoted.getAssignable()).forEach((code, q) ->
                        assertThat(q).as("assignable %s", code).isPositive()
                                .isLessThanOrEqualTo(perBox.getOrDefault(code, 0)));
            }
        });
    }

    private boolean assign(Acct account) {
        Box unit = ownUnlicensed(account);
        if (random.nextInt(100) < 8 || unit == null) {
            return assignWithUnitFault(account, unit);
        }
        List<LicenseLine> lines = randomLines(account, unit);
        String checksum = random.nextInt(5) == 0 ? caseOf(MacAddress.parse(unit.mac).checksum()) : null;
        String[] details = randomDetails(random.nextInt(3) == 0);
        AssignLicenses command = new AssignLicenses(caseOf(unit.mac), checksum, lines, details[0], details[1],
                details[2], details[3]);
        put(account, unit, lines, command, details);
        return true;
    }

    private boolean assignWithUnitFault(Acct account, Box unlicensed) {
        int variant = random.nextInt(4);
        if (variant == 0 && unlicensed != null) {
            List<LicenseLine> clean = cleanLine(account, unlicensed);
            if (clean == null) {
                return false;
            }
            String wrong = wrongChecksum(unlicensed.mac);
            reject(account.id, new AssignLicenses(unlicensed.mac, wrong, clean, null, null, null, null),
                    macReason(unlicensed.mac, wrong));
            return true;
        }
        if (variant == 1) {
            Box licensed = ownLicensed(account);
            if (licensed != null) {
                List<LicenseLine> clean = cleanLine(account, licensed);
                if (clean != null) {
                    reject(account.id, new AssignLicenses(licensed.mac, null, clean, "x", null, null, null),
                            "UNIT_ALREADY_LICENSED");
                    return true;
                }
            }
        }
        List<LicenseLine> clean = cleanLine(account, null);
        if (clean == null) {
            return false;
        }
        if (variant == 2) {
            reject(account.id, new AssignLicenses(unshipped(), null, clean, null, null, null, null),
                    "UNIT_NOT_SHIPPED");
        } else {
            String mac = MALFORMED_MACS.get(random.nextInt(MALFORMED_MACS.size()));
            reject(account.id, new AssignLicenses(mac, null, clean, null, null, null, null), macReason(mac, null));
        }
        return true;
    }

    private boolean add(Acct account) {
        int variant = random.nextInt(100);
        Box unit;
        if (variant < 5 && (unit = ownUnlicensed(account)) != null) {
            List<LicenseLine> clean = cleanLine(account, unit);
            if (clean == null) {
                return false;
            }
            reject(account.id, new AddLicenses(unit.mac, clean), "UNIT_NOT_LICENSED");
            return true;
        }
        if (variant < 8) {
            List<LicenseLine> clean = cleanLine(account, null);
            if (clean == null) {
                return false;
            }
            reject(account.id, new AddLicenses(unshipped(), clean), "UNIT_NOT_SHIPPED");
            return true;
        }
        if (variant < 13 && (unit = frozenForeign(account)) != null) {
            List<LicenseLine> clean = cleanLine(account, unit);
            if (clean == null) {
                return false;
            }
            reject(account.id, new AddLicenses(unit.mac, clean), "NOT_PERMITTED");
            return true;
        }
        unit = ownLicensedMutable(account);
        if (unit == null) {
            return false;
        }
        List<LicenseLine> lines = randomLines(account, unit);
        put(account, unit, lines, new AddLicenses(caseOf(unit.mac), lines), null);
        return true;
    }

    /** Assigns ({@code details != null}) or adds lines to a unit the account may license. */
    private void put(Acct account, Box unit, List<LicenseLine> lines, Object command, String[] details) {
        LineCheck parsed = parse(lines);
        if (!parsed.reasons.isEmpty()) {
            reject(account.id, command, parsed.reasons);
            return;
        }
        List<String> reasons = new ArrayList<>();
        if (RULES.check(unit.productModel(), unit.held, parsed.bundle) instanceof RuleVerdict.Rejected rejected) {
            rejected.violations().forEach(v -> reasons.add(v.reason().name()));
        }
        reasons.addAll(shortfalls(account, parsed.bundle));
        if (!reasons.isEmpty()) {
            reject(account.id, command, reasons);
            return;
        }
        debit(account, parsed.bundle, 1);
        Map<String, Integer> added = printed(parsed.bundle);
        unit.held = unit.held.plus(parsed.bundle);
        unit.sequence++;
        if (details != null) {
            unit.owner = account.owner;
            unit.assignedBy = account.id;
            unit.endCustomer = details[0];
            unit.location = details[1];
            unit.comment1 = details[2];
            unit.comment2 = details[3];
        }
        Map<String, Integer> held = printed(unit.held);
        int sequence = unit.sequence;
        accept(account.id, command, outcome -> {
            LicensesAssigned assigned = (LicensesAssigned) outcome;
            assertThat(assigned.getMac()).isEqualTo(unit.mac);
            assertThat(quantities(assigned.getAdded())).as("added").isEqualTo(added);
            assertThat(quantities(assigned.getUnitLicenses())).as("unit licenses").isEqualTo(held);
            assertFile(assigned.getLicenseFile(), unit.mac, sequence, held);
        });
    }

    private boolean share(Acct account) {
        int variant = random.nextInt(100);
        Box unit;
        if (variant < 72 && (unit = ownLicensedMutable(account)) != null) {
            if (variant < 60) {
                Acct endUser = accounts.get(random.nextInt(accounts.size()));
                if (endUser == account) {
                    return false;
                }
                unit.endUser = endUser.id;
                accept(account.id, new ShareUnitWithEndUser(caseOf(unit.mac), endUser.email), updated(unit));
            } else {
                reject(account.id, new ShareUnitWithEndUser(unit.mac, "nobody-" + UUID.randomUUID() + "@example.com"),
                        "END_USER_UNKNOWN");
            }
            return true;
        }
        String mac = notPermittedMac(account);
        if (mac == null) {
            return false;
        }
        reject(account.id, new ShareUnitWithEndUser(mac, account.email), "NOT_PERMITTED");
        return true;
    }

    private boolean details(Acct account) {
        Box unit;
        if (random.nextInt(100) < 75 && (unit = ownLicensedMutable(account)) != null) {
            String[] details = randomDetails(true);
            if (details[0] != null) {
                unit.endCustomer = details[0];
            }
            if (details[1] != null) {
                unit.location = details[1];
            }
            if (details[2] != null) {
                unit.comment1 = details[2];
            }
            if (details[3] != null) {
                unit.comment2 = details[3];
            }
            accept(account.id, new SetUnitDetails(caseOf(unit.mac), details[0], details[1], details[2], details[3]),
                    updated(unit));
            return true;
        }
        String mac = notPermittedMac(account);
        if (mac == null) {
            return false;
        }
        reject(account.id, new SetUnitDetails(mac, "x", null, null, null), "NOT_PERMITTED");
        return true;
    }

    private boolean download(Acct account) {
        int variant = random.nextInt(100);
        Box unit;
        if (variant < 40 && (unit = ownLicensedMutable(account)) != null) {
            downloadAccepted(account, unit);
        } else if (variant < 60 && (unit = frozen(u -> Objects.equals(u.owner, account.owner))) != null) {
            downloadAccepted(account, unit);
        } else if (variant < 75 && (unit = frozen(u -> account.id.equals(u.endUser))) != null) {
            downloadAccepted(account, unit);
        } else {
            String mac = notPermittedMac(account);
            if (mac == null) {
                return false;
            }
            reject(account.id, new DownloadLicenseFile(mac), "NOT_PERMITTED");
        }
        return true;
    }

    private void downloadAccepted(Acct account, Box unit) {
        Map<String, Integer> held = printed(unit.held);
        int sequence = unit.sequence;
        accept(account.id, new DownloadLicenseFile(caseOf(unit.mac)), outcome ->
                assertFile(((LicenseFileDownloaded) outcome).getLicenseFile(), unit.mac, sequence, held));
    }

    /**
     * A MAC the account may not share, describe or download: a frozen unit of someone else, its own unlicensed
     * unit, or one never shipped.
     */
    private String notPermittedMac(Acct account) {
        int variant = random.nextInt(3);
        Box unit;
        if (variant == 0 && (unit = frozen(u -> !Objects.equals(u.owner, account.owner)
                && !account.id.equals(u.endUser))) != null) {
            return unit.mac;
        }
        if (variant == 1 && (unit = ownUnlicensed(account)) != null) {
            return unit.mac;
        }
        return unshipped();
    }

    private Consumer<Object> updated(Box unit) {
        return outcome -> assertThat(((UnitUpdated) outcome).getMac()).isEqualTo(unit.mac);
    }

    private void assertFile(LicenseFile file, String mac, int sequence, Map<String, Integer> licenses) {
        assertThat(file.getMac()).isEqualTo(mac);
        assertThat(file.getSequence()).as("file sequence").isEqualTo(sequence);
        VerificationResult verified = verifier.verify(file.getContent().getBytes(StandardCharsets.UTF_8));
        assertThat(verified).as("license file verifies").isInstanceOf(VerificationResult.Valid.class);
        var content = ((VerificationResult.Valid) verified).content();
        assertThat(content.mac().toString()).isEqualTo(mac);
        assertThat(content.sequence()).isEqualTo(sequence);
        assertThat(printed(content.licenses())).as("licenses in the file").isEqualTo(licenses);
    }

    // ---------------------------------------------------------------- lines

    record LineCheck(LicenseBundle bundle, List<String> reasons) {
    }

    private static LineCheck parse(List<LicenseLine> lines) {
        if (lines.isEmpty()) {
            return new LineCheck(LicenseBundle.empty(), List.of("NO_LICENSES"));
        }
        List<String> reasons = new ArrayList<>();
        Map<LicenseCode, Integer> quantities = new TreeMap<>(LicenseCode.CANONICAL_ORDER);
        for (LicenseLine l : lines) {
            try {
                LicenseCode code = LicenseCode.parse(l.getLicenseCode());
                if (l.getQuantity() <= 0) {
                    reasons.add("QUANTITY_NOT_POSITIVE");
                } else {
                    quantities.merge(code, l.getQuantity(), Integer::sum);
                }
            } catch (MalformedLicenseCodeException e) {
                reasons.add("MALFORMED_LICENSE_CODE");
            }
        }
        if (!reasons.isEmpty() && lines.size() > 1) {
            throw new IllegalStateException("the generator sends bad lines only alone: " + lines);
        }
        return new LineCheck(reasons.isEmpty() ? LicenseBundle.of(quantities) : LicenseBundle.empty(), reasons);
    }

    /** INSUFFICIENT_BALANCE per code the account's balance (or its group's budget) does not cover. */
    private List<String> shortfalls(Acct account, LicenseBundle bundle) {
        List<String> reasons = new ArrayList<>();
        bundle.quantities().forEach((code, quantity) -> {
            int available = available(account, code.print());
            if (quantity > available) {
                if (account.inGroup && quantity < OVER) {
                    throw new IllegalStateException("ambiguous group request: " + quantity + " of " + code.print()
                            + " with a budget of " + available);
                }
                reasons.add("INSUFFICIENT_BALANCE");
            }
        });
        return reasons;
    }

    /** What the account may spend for sure: its balance, or what its group's budget for this phase has left. */
    private int available(Acct account, String code) {
        if (account.inGroup) {
            return budgets.get(account.owner).getOrDefault(code, 0);
        }
        return balances.get(account.owner).available(code);
    }

    /** {@code column} 1 = used, 2 = transferred. */
    private void debit(Acct account, LicenseBundle bundle, int column) {
        Bal balance = balances.get(account.owner);
        bundle.quantities().forEach((code, quantity) -> {
            balance.line(code.print())[column] += quantity;
            if (account.inGroup) {
                budgets.get(account.owner).merge(code.print(), -quantity, Integer::sum);
            }
        });
    }

    /** Mostly lines the quote offers within the balance, sometimes too many, impossible or unreadable ones. */
    private List<LicenseLine> randomLines(Acct account, Box unit) {
        int variant = random.nextInt(100);
        if (variant < 62) {
            List<LicenseLine> lines = offeredLines(account, unit);
            if (!lines.isEmpty()) {
                return lines;
            }
        }
        if (variant < 75) {
            List<LicenseCode> offered = new ArrayList<>(RULES.quote(unit.productModel(), unit.held).maxima().keySet());
            String code = offered.isEmpty() ? ALL_CODES.get(random.nextInt(ALL_CODES.size()))
                    : offered.get(random.nextInt(offered.size())).print();
            return overLine(account, code);
        }
        if (variant < 88) {
            // Anything at all, usually breaking a per-box rule.
            String code = ALL_CODES.get(random.nextInt(ALL_CODES.size()));
            int quantity = 1 + random.nextInt(random.nextBoolean() ? 3 : 40);
            if (quantity > available(account, code) && account.inGroup) {
                quantity = OVER;
            }
            return List.of(line(code, quantity));
        }
        if (variant < 94) {
            return List.of(malformedLine());
        }
        if (variant < 98) {
            return List.of(nonPositiveLine());
        }
        return List.of();
    }

    private List<LicenseLine> offeredLines(Acct account, Box unit) {
        Quote quote = RULES.quote(unit.productModel(), unit.held);
        List<LicenseCode> offered = new ArrayList<>(quote.maxima().keySet());
        Collections.shuffle(offered, random);
        int wanted = 1 + random.nextInt(3);
        List<LicenseLine> lines = new ArrayList<>();
        for (LicenseCode code : offered) {
            int available = available(account, code.print());
            if (lines.size() == wanted || available <= 0) {
                continue;
            }
            int limit = Math.min(quote.maximumFor(code), available);
            if (random.nextInt(4) != 0) {
                limit = Math.min(limit, 4);
            }
            lines.add(line(code.print(), 1 + random.nextInt(limit)));
        }
        return lines;
    }

    private List<LicenseLine> overLine(Acct account, String code) {
        return List.of(line(code, account.inGroup ? OVER : available(account, code) + 1 + random.nextInt(3)));
    }

    /** One line that passes every check: available, and possible on the unit as it is and on an empty one. */
    private List<LicenseLine> cleanLine(Acct account, Box unit) {
        for (String code : shuffled(ALL_CODES)) {
            if (available(account, code) < 1) {
                continue;
            }
            LicenseBundle one = LicenseBundle.of(LicenseCode.parse(code), 1);
            if (unit == null || (RULES.check(unit.productModel(), unit.held, one).accepted()
                    && RULES.check(unit.productModel(), LicenseBundle.empty(), one).accepted())) {
                return List.of(line(code, 1));
            }
        }
        return null;
    }

    private LicenseLine malformedLine() {
        return line(MALFORMED_CODES.get(random.nextInt(MALFORMED_CODES.size())), 1 + random.nextInt(3));
    }

    private LicenseLine nonPositiveLine() {
        return line(ALL_CODES.get(random.nextInt(ALL_CODES.size())), -random.nextInt(3));
    }

    private static Map<String, Integer> printed(LicenseBundle bundle) {
        Map<String, Integer> map = new TreeMap<>();
        bundle.quantities().forEach((code, quantity) -> map.put(code.print(), quantity));
        return map;
    }

    // ---------------------------------------------------------------- picking units

    private Box ownUnit(Acct account) {
        List<Box> candidates = account.units.stream().filter(u -> !frozenMacs.contains(u.mac)).toList();
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    private Box ownUnlicensed(Acct account) {
        List<Box> candidates = account.units.stream().filter(u -> u.owner == null).toList();
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    private Box ownLicensed(Acct account) {
        List<Box> candidates = account.units.stream().filter(u -> u.owner != null).toList();
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    private Box ownLicensedMutable(Acct account) {
        List<Box> candidates = account.units.stream()
                .filter(u -> u.owner != null && !frozenMacs.contains(u.mac)).toList();
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    private Box frozen(java.util.function.Predicate<Box> condition) {
        if (frozen.isEmpty()) {
            return null;
        }
        for (int tries = 0; tries < 30; tries++) {
            Box unit = frozen.get(random.nextInt(frozen.size()));
            if (condition.test(unit)) {
                return unit;
            }
        }
        return null;
    }

    private Box frozenForeign(Acct account) {
        return frozen(u -> !Objects.equals(u.owner, account.owner));
    }

    private Box anyUnit() {
        List<Box> all = new ArrayList<>(units.values());
        return all.get(random.nextInt(all.size()));
    }

    private String unshipped() {
        return unshipped.get(random.nextInt(unshipped.size()));
    }

    private String caseOf(String text) {
        return random.nextInt(4) == 0 ? text.toLowerCase(Locale.ROOT) : text;
    }

    private String wrongChecksum(String mac) {
        int right = Integer.parseInt(MacAddress.parse(mac).checksum(), 16);
        return String.format("%02X", (right + 1 + random.nextInt(255)) % 256);
    }

    private static String macReason(String mac, String checksum) {
        try {
            MacAddress.parse(mac, checksum);
        } catch (MalformedMacAddressException e) {
            return "MAC_" + e.reason().name();
        }
        throw new IllegalStateException(mac + " / " + checksum + " is fine");
    }

    private String[] randomDetails(boolean some) {
        String[] details = new String[4];
        String[][] words = {{"Hotel Alpenblick", "Praxis Dr. Weiß", "Stadtwerke", ""},
                {"Keller", "Rack 2", "Büro 3.14", ""}, {"installed", "ticket #4711", "ünïcödé ✓", ""},
                {"spare", "check firmware", ""}};
        for (int i = 0; i < 4; i++) {
            if (some && random.nextBoolean()) {
                details[i] = words[i][random.nextInt(words[i].length)]
                        + (random.nextBoolean() ? "" : " " + random.nextInt(100));
            }
        }
        return details;
    }

    private List<String> shuffled(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        Collections.shuffle(copy, random);
        return copy;
    }

    // ================================================================ final checks

    private void everyRequestWasAnsweredOncePerSend() {
        List<String> problems = new ArrayList<>();
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
                .filter(id -> id.startsWith("rnd-" + run + "-") && !sends.containsKey(id)).collect(Collectors.toSet());
        assertThat(unasked).as("results for requests never sent").isEmpty();
        assertThat(problems).as("request ids not answered exactly once per send with one event").isEmpty();
        long resent = sends.values().stream().filter(c -> c > 1).count();
        System.out.printf("%d request ids, %d of them sent more than once: each answered once per send, "
                + "one event each%n", sends.size(), resent);
    }

    private void publishedStateAgreesWithTheModel() {
        for (Bal balance : balances.values()) {
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
                        assertThat(state.getActivations().stream().collect(Collectors.toMap(
                                a -> a.getActivationKey(), a -> a.getRedeemedBy())))
                                .as("activations of %s", balance.owner).isEqualTo(balance.activations);
                        Map<String, String> transferKeys = new HashMap<>();
                        state.getTransferKeys().forEach(t -> transferKeys.put(t.getActivationKey(),
                                t.getRedeemedBy() == null ? "-" : t.getRedeemedBy()));
                        Map<String, String> expected = new HashMap<>();
                        balance.transferKeys.forEach((k, v) -> expected.put(k, v == null ? "-" : v));
                        assertThat(transferKeys).as("transfer keys of %s", balance.owner).isEqualTo(expected);
                    });
        }
        for (Acct account : accounts) {
            if (account.inGroup) {
                Received<BalanceState> own = portal.topics.latestBalance(account.id);
                assertThat(own == null || own.value().getLines().isEmpty())
                        .as("the own balance of group member %s is empty", account.id).isTrue();
            }
        }
        int licensed = 0;
        for (Box unit : units.values()) {
            if (unit.owner == null) {
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
                balances.size(), licensed, units.size());
    }

    private void printStats() {
        StringBuilder out = new StringBuilder("results per command (accepted/rejected):\n");
        stats.forEach((command, c) -> out.append(String.format("  %-22s %7d / %7d%n", command, c[0], c[1])));
        out.append("reasons:\n");
        reasonStats.forEach((reason, n) -> out.append(String.format("  %-55s %7d%n", reason, n)));
        System.out.print(out);
    }

    private static Map<String, Integer> typical() {
        Map<String, Integer> typical = new LinkedHashMap<>();
        typical.put("PBX6#15", 8);
        typical.put("PBX6#30", 3);
        typical.put("PBX6#30@15", 4);
        typical.put("PBX6#60@30", 2);
        typical.put("PBX-Voicemail#15", 4);
        typical.put("Registrations", 150);
        typical.put("Channels", 80);
        typical.put("BRI", 15);
        typical.put("PRI", 8);
        typical.put("AB", 25);
        typical.put("PBX-Operator", 8);
        typical.put("PBX-SoftwarePhone", 25);
        typical.put("Relay-Gatekeeper", 15);
        typical.put("DECT-Multicell", 4);
        return typical;
    }
}
