package com.licensemanager.requests;

import com.licensemanager.licensing.file.LicenseFileVerifier;
import com.licensemanager.licensing.file.VerificationResult;
import com.licensemanager.licensing.key.ActivationKey;
import com.licensemanager.licensing.mac.MacAddress;
import com.licensemanager.requests.SentRequests.Expectation;
import com.licensemanager.requests.model.Account;
import com.licensemanager.requests.model.Balance;
import com.licensemanager.requests.model.LicensingModel.QuoteFigures;
import com.licensemanager.requests.model.LicensingModel;
import com.licensemanager.requests.model.RequestedLines;
import com.licensemanager.requests.model.Unit;
import com.licensemanager.schemas.common.LicenseFile;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.licensing.AccountRegistered;
import com.licensemanager.schemas.licensing.ActivationKeyIssued;
import com.licensemanager.schemas.licensing.AssignmentQuoted;
import com.licensemanager.schemas.licensing.KeyRedeemed;
import com.licensemanager.schemas.licensing.LicenseFileDownloaded;
import com.licensemanager.schemas.licensing.LicensesAssigned;
import com.licensemanager.schemas.licensing.TransferKeyCreated;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static com.licensemanager.requests.model.LicensingModel.macReason;
import static com.licensemanager.requests.model.LicensingModel.printed;
import static com.licensemanager.testsupport.portal.LicensingPortal.figures;
import static com.licensemanager.testsupport.portal.LicensingPortal.line;
import static com.licensemanager.testsupport.portal.LicensingPortal.quantities;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random portal requests in a realistic mix, each with the answer the {@link LicensingModel} predicts, phase
 * by phase. Within a phase it only generates requests whose answer no other account's request of the same phase can
 * change (the rules are in {@link RandomRequestsModelTest}'s description). Every choice draws on the one seeded
 * {@link Random}, in the order the requests are generated and then answered (a created transfer key's receiver is
 * drawn when its answer is checked), so the same seed gives the same requests.
 */
final class RequestGenerator {

    private static final List<String> MODELS = List.of("IP811", "IP811", "IP811", "IP0010", "IP22", "IP24", "IP302",
            "IP1200", "IP6010", "IP810");
    private static final List<String> MALFORMED_MACS = List.of("00-11-22-33-44-55", "00:90:33:12:34:56",
            "009033123456", "00-90-33-GG-00-01", "01-90-33-12-34-56", "00-90-33-12-34", "", " 00-90-33-12-34-56");
    /**
     * How long a guesser may fail redemptions after its first failure: well within the service's 15-minute window,
     * so no failure ages out while the model still counts it.
     */
    private static final Duration GUESSING_TIME = Duration.ofMinutes(10);

    /** The licenses of one order, and the account its activation key is meant for. */
    record Order(List<LicenseLine> lines, Account meantFor) {
    }

    private final Random random;
    private final String run;
    private final LicensingModel model;
    private final LicenseFileVerifier verifier;
    private final SentRequests sent;
    private final LineChooser lineChooser;
    private long requestCounter;
    /** Keys another account may try: redeemed in an earlier phase, so KEY_ALREADY_REDEEMED in any interleaving. */
    private final List<String> redeemedBeforeThisPhase = new ArrayList<>();
    private final List<String> redeemedThisPhase = new ArrayList<>();
    /** What becomes safe once every answer of the phase is in (handing created transfer keys on). */
    private final List<Runnable> afterPhase = new ArrayList<>();

    RequestGenerator(long seed, String run, LicensingModel model, LicenseFileVerifier verifier, SentRequests sent) {
        this.random = new Random(seed);
        this.run = run;
        this.model = model;
        this.verifier = verifier;
        this.sent = sent;
        this.lineChooser = new LineChooser(random, model);
    }

    // ================================================================ phases

    /** Takes the groups' budgets and freezes about half of the licensed units for the phase. */
    void startPhase() {
        model.startPhase();
        model.units.values().stream().filter(u -> u.licensed() && random.nextBoolean()).forEach(model::freeze);
        sent.startPhase();
    }

    /** Once every answer of the phase is in and checked. */
    void endPhase() {
        afterPhase.forEach(Runnable::run);
        afterPhase.clear();
        redeemedBeforeThisPhase.addAll(redeemedThisPhase);
        redeemedThisPhase.clear();
    }

    /** How every request id of this run begins. */
    String requestIdPrefix() {
        return "rnd-" + run + "-";
    }

    // ================================================================ set-up

    void registrations() {
        model.accounts.forEach(this::register);
    }

    /** Three moderate orders per account outside groups, two huge ones per group. */
    List<Order> orders() {
        List<Order> orders = new ArrayList<>();
        for (Account account : model.accounts) {
            if (!account.inGroup) {
                for (int k = 0; k < 3; k++) {
                    orders.add(new Order(lineChooser.orderLines(1), account));
                }
            }
        }
        model.groups.values().forEach(members -> {
            for (int k = 0; k < 2; k++) {
                List<LicenseLine> lines = lineChooser.orderLines(150);
                orders.add(new Order(lines, members.get(random.nextInt(members.size()))));
            }
        });
        return orders;
    }

    /** The i-th key was issued for the i-th order. */
    void keysIssued(List<Order> orders, List<ActivationKeyIssued> keys) {
        for (int i = 0; i < keys.size(); i++) {
            model.keyIssued(keys.get(i).getActivationKey(), keys.get(i).getLicenses());
            orders.get(i).meantFor().keysToRedeem.add(keys.get(i).getActivationKey());
        }
    }

    /** Groups redeem all their keys (so their budgets are ample from the first phase on), the others one each. */
    void setUpRedemptions() {
        model.accounts.forEach(account -> {
            int count = account.inGroup ? account.keysToRedeem.size() : 1;
            for (int k = 0; k < count; k++) {
                redeemValid(account, account.keysToRedeem.poll());
            }
        });
    }

    /** {@code perAccount} units of random models for every account, from {@code macs}; the rest stay unshipped. */
    Map<String, UnitShipped> shipments(List<String> macs, int perAccount) {
        Map<String, UnitShipped> shipped = new LinkedHashMap<>();
        int m = 0;
        for (Account account : model.accounts) {
            for (int u = 0; u < perAccount; u++) {
                String mac = macs.get(m++);
                String unitModel = MODELS.get(random.nextInt(MODELS.size()));
                model.ship(account, mac, unitModel);
                shipped.put(mac, new UnitShipped(mac, unitModel, "ORD-" + run, Instant.now()));
            }
        }
        model.unshipped.addAll(macs.subList(m, macs.size()));
        return shipped;
    }

    // ================================================================ the random mix

    void randomRequests(int count) {
        for (int i = 0; i < count; i++) {
            randomRequest();
        }
    }

    private void randomRequest() {
        int roll = random.nextInt(100);
        if (roll < 1) {
            unregisteredRequest();
            return;
        }
        Account account = model.accounts.get(random.nextInt(model.accounts.size()));
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
        // Where the chosen kind has nothing safe to ask this phase, a quote always has.
        if (!generated) {
            quote(account);
        }
    }

    private void unregisteredRequest() {
        String stranger = model.unregistered.get(random.nextInt(model.unregistered.size()));
        Unit unit = anyUnit();
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
        if (sent.originals() == 0) {
            return false;
        }
        sent.resend(sent.original(random.nextInt(Math.min(sent.originals(), 20_000))));
        return true;
    }

    // ---------------------------------------------------------------- accounts and keys

    private void register(Account account) {
        accept(account.id, new RegisterAccount(account.email, "Company " + account.id), outcome -> {
            AccountRegistered registered = (AccountRegistered) outcome;
            assertThat(registered.getAccountId()).isEqualTo(account.id);
            assertThat(registered.getEmail()).isEqualTo(account.email);
        });
    }

    private boolean redeem(Account account) {
        if (account.guesser) {
            if (account.firstFailedRedemption != null
                    && Instant.now().isAfter(account.firstFailedRedemption.plus(GUESSING_TIME))) {
                return false;
            }
            if (random.nextBoolean() || account.keysToRedeem.isEmpty()) {
                return redeemFailing(account);
            }
            return redeemValid(account, account.keysToRedeem.poll());
        }
        // At most 4 failures: ordinary accounts are never throttled.
        if (account.failedRedemptions < 4 && random.nextInt(8) == 0) {
            return redeemFailing(account);
        }
        if (account.keysToRedeem.isEmpty()) {
            return false;
        }
        return redeemValid(account, account.keysToRedeem.poll());
    }

    private boolean throttled(Account account, Object command) {
        if (account.throttled()) {
            reject(account.id, command, "REDEMPTION_THROTTLED");
            return true;
        }
        return false;
    }

    private boolean redeemValid(Account account, String key) {
        RedeemActivationKey command = new RedeemActivationKey(typed(key));
        if (throttled(account, command)) {
            return true;
        }
        List<LicenseLine> lines = model.redeem(account, key);
        redeemedThisPhase.add(key);
        Map<String, List<Integer>> after = model.balanceOf(account).figures();
        // A group's balance also moves by other members' requests of the phase.
        boolean exact = !account.inGroup;
        accept(account.id, command, outcome -> {
            KeyRedeemed redeemed = (KeyRedeemed) outcome;
            assertThat(redeemed.getActivationKey()).isEqualTo(key);
            assertThat(quantities(redeemed.getActivations())).isEqualTo(quantities(lines));
            assertThat(redeemed.getBalanceOwner()).isEqualTo(account.balanceOwner);
            if (exact) {
                assertThat(figures(redeemed.getBalance())).as("balance after").isEqualTo(after);
            }
        });
        return true;
    }

    private boolean redeemFailing(Account account) {
        String text;
        String reason;
        int kind = random.nextInt(4);
        if (kind == 2 && !account.redeemedKeys.isEmpty()) {
            text = typed(account.redeemedKeys.get(random.nextInt(account.redeemedKeys.size())));
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
        account.failedRedemption(Instant.now());
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

    private boolean transfer(Account account) {
        List<LicenseLine> lines = lineChooser.transferLines(account);
        CreateTransferKey command = new CreateTransferKey(lines);
        RequestedLines requested = RequestedLines.read(lines);
        if (!requested.readable()) {
            reject(account.id, command, requested.reasons());
            return true;
        }
        List<String> shortfalls = model.shortfalls(account, requested.bundle());
        if (!shortfalls.isEmpty()) {
            reject(account.id, command, shortfalls);
            return true;
        }
        model.transfer(account, requested.bundle());
        Map<String, Integer> expected = printed(requested.bundle());
        Balance giver = model.balanceOf(account);
        accept(account.id, command, outcome -> {
            TransferKeyCreated created = (TransferKeyCreated) outcome;
            assertThat(quantities(created.getLicenses())).isEqualTo(expected);
            assertThat(ActivationKey.parse(created.getActivationKey()).toString())
                    .isEqualTo(created.getActivationKey());
            assertThat(created.getScanPayload()).isEqualTo(ActivationKey.SCAN_PREFIX + created.getActivationKey());
            String key = created.getActivationKey();
            model.transferKeyCreated(giver.owner, key, created.getLicenses());
            // Handed on only after this phase: nobody may redeem it before its creation is answered.
            if (random.nextInt(10) < 7) {
                afterPhase.add(() -> {
                    Account receiver = model.accounts.get(random.nextInt(model.accounts.size()));
                    if (receiver != account && !receiver.guesser) {
                        receiver.keysToRedeem.add(key);
                    }
                });
            }
        });
        return true;
    }

    // ---------------------------------------------------------------- units

    private boolean quote(Account account) {
        int variant = random.nextInt(100);
        Unit unit;
        if (variant < 55 && (unit = ownUnit(account)) != null) {
            String checksum = random.nextInt(5) == 0 ? caseOf(MacAddress.parse(unit.mac).checksum()) : null;
            quoteAccepted(account, unit, new QuoteAssignment(caseOf(unit.mac), checksum));
        } else if (variant < 65 && (unit = frozen(u -> Objects.equals(u.owner, account.balanceOwner))) != null) {
            quoteAccepted(account, unit, new QuoteAssignment(unit.mac, null));
        } else if (variant < 75 && (unit = frozenForeign(account)) != null) {
            reject(account.id, new QuoteAssignment(unit.mac, null), "NOT_PERMITTED");
        } else if (variant < 85) {
            reject(account.id, new QuoteAssignment(unshipped(), null), "NOT_PERMITTED");
        } else if (variant < 93 || (unit = ownUnit(account)) == null) {
            String mac = MALFORMED_MACS.get(random.nextInt(MALFORMED_MACS.size()));
            reject(account.id, new QuoteAssignment(mac, null), macReason(mac, null));
        } else {
            String wrong = wrongChecksum(unit.mac);
            reject(account.id, new QuoteAssignment(unit.mac, wrong), macReason(unit.mac, wrong));
        }
        return true;
    }

    private void quoteAccepted(Account account, Unit unit, QuoteAssignment command) {
        QuoteFigures figures = model.quoteFigures(account, unit);
        Map<String, Integer> perBox = figures.perBox();
        Map<String, Integer> assignable = figures.assignable();
        // A group member's "assignable" also moves by other members' requests of the phase: only bounds hold.
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

    private boolean assign(Account account) {
        Unit unit = ownUnlicensed(account);
        if (random.nextInt(100) < 8 || unit == null) {
            return assignWithUnitFault(account, unit);
        }
        List<LicenseLine> lines = lineChooser.randomLines(account, unit);
        String checksum = random.nextInt(5) == 0 ? caseOf(MacAddress.parse(unit.mac).checksum()) : null;
        String[] details = randomDetails(random.nextInt(3) == 0);
        AssignLicenses command = new AssignLicenses(caseOf(unit.mac), checksum, lines, details[0], details[1],
                details[2], details[3]);
        license(account, unit, lines, command, details);
        return true;
    }

    /** A unit-level fault with one clean line, so the answer is that fault alone however reasons combine. */
    private boolean assignWithUnitFault(Account account, Unit unlicensed) {
        int variant = random.nextInt(4);
        if (variant == 0 && unlicensed != null) {
            List<LicenseLine> clean = lineChooser.cleanLine(account, unlicensed);
            if (clean == null) {
                return false;
            }
            String wrong = wrongChecksum(unlicensed.mac);
            reject(account.id, new AssignLicenses(unlicensed.mac, wrong, clean, null, null, null, null),
                    macReason(unlicensed.mac, wrong));
            return true;
        }
        if (variant == 1) {
            Unit licensed = ownLicensed(account);
            if (licensed != null) {
                List<LicenseLine> clean = lineChooser.cleanLine(account, licensed);
                if (clean != null) {
                    reject(account.id, new AssignLicenses(licensed.mac, null, clean, "x", null, null, null),
                            "UNIT_ALREADY_LICENSED");
                    return true;
                }
            }
        }
        List<LicenseLine> clean = lineChooser.cleanLine(account, null);
        if (clean == null) {
            return false;
        }
        if (variant == 2) {
            reject(account.id, new AssignLicenses(unshipped(), null, clean, null, null, null, null),
                    "NOT_PERMITTED");
        } else {
            String mac = MALFORMED_MACS.get(random.nextInt(MALFORMED_MACS.size()));
            reject(account.id, new AssignLicenses(mac, null, clean, null, null, null, null), macReason(mac, null));
        }
        return true;
    }

    private boolean add(Account account) {
        int variant = random.nextInt(100);
        Unit unit;
        if (variant < 5 && (unit = ownUnlicensed(account)) != null) {
            List<LicenseLine> clean = lineChooser.cleanLine(account, unit);
            if (clean == null) {
                return false;
            }
            reject(account.id, new AddLicenses(unit.mac, clean), "UNIT_NOT_LICENSED");
            return true;
        }
        if (variant < 8) {
            List<LicenseLine> clean = lineChooser.cleanLine(account, null);
            if (clean == null) {
                return false;
            }
            reject(account.id, new AddLicenses(unshipped(), clean), "NOT_PERMITTED");
            return true;
        }
        if (variant < 13 && (unit = frozenForeign(account)) != null) {
            List<LicenseLine> clean = lineChooser.cleanLine(account, unit);
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
        List<LicenseLine> lines = lineChooser.randomLines(account, unit);
        license(account, unit, lines, new AddLicenses(caseOf(unit.mac), lines), null);
        return true;
    }

    /** Assigns ({@code details != null}) or adds lines to a unit the account may license. */
    private void license(Account account, Unit unit, List<LicenseLine> lines, Object command, String[] details) {
        RequestedLines requested = RequestedLines.read(lines);
        if (!requested.readable()) {
            reject(account.id, command, requested.reasons());
            return;
        }
        // The contract reports rule and balance reasons of readable lines together.
        List<String> reasons = new ArrayList<>(model.ruleViolations(unit, requested.bundle()));
        reasons.addAll(model.shortfalls(account, requested.bundle()));
        if (!reasons.isEmpty()) {
            // Its lines are checked against the balance whenever the service comes to it: keep them available.
            model.keepBack(account, requested.bundle());
            reject(account.id, command, reasons);
            return;
        }
        Map<String, Integer> added = printed(requested.bundle());
        model.license(account, unit, requested.bundle(), details);
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

    private boolean share(Account account) {
        int variant = random.nextInt(100);
        Unit unit;
        if (variant < 72 && (unit = ownLicensedMutable(account)) != null) {
            if (variant < 60) {
                Account endUser = model.accounts.get(random.nextInt(model.accounts.size()));
                if (endUser == account) {
                    return false;
                }
                unit.endUser = endUser.id;
                accept(account.id, new ShareUnitWithEndUser(caseOf(unit.mac), endUser.email), updated(unit));
            } else {
                reject(account.id, new ShareUnitWithEndUser(unit.mac, "nobody-" + UUID.randomUUID()
                        + "@example.com"), "END_USER_UNKNOWN");
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

    private boolean details(Account account) {
        Unit unit;
        if (random.nextInt(100) < 75 && (unit = ownLicensedMutable(account)) != null) {
            String[] details = randomDetails(true);
            // A detail not given stays as it is.
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

    private boolean download(Account account) {
        int variant = random.nextInt(100);
        Unit unit;
        if (variant < 40 && (unit = ownLicensedMutable(account)) != null) {
            downloadAccepted(account, unit);
        } else if (variant < 60 && (unit = frozen(u -> Objects.equals(u.owner, account.balanceOwner))) != null) {
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

    private void downloadAccepted(Account account, Unit unit) {
        Map<String, Integer> held = printed(unit.held);
        int sequence = unit.sequence;
        accept(account.id, new DownloadLicenseFile(caseOf(unit.mac)), outcome ->
                assertFile(((LicenseFileDownloaded) outcome).getLicenseFile(), unit.mac, sequence, held));
    }

    /**
     * A MAC the account may not share, describe or download: a frozen unit of someone else, its own unlicensed
     * unit, or one never shipped.
     */
    private String notPermittedMac(Account account) {
        int variant = random.nextInt(3);
        Unit unit;
        if (variant == 0 && (unit = frozen(u -> !Objects.equals(u.owner, account.balanceOwner)
                && !account.id.equals(u.endUser))) != null) {
            return unit.mac;
        }
        if (variant == 1 && (unit = ownUnlicensed(account)) != null) {
            return unit.mac;
        }
        return unshipped();
    }

    private Consumer<Object> updated(Unit unit) {
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

    // ---------------------------------------------------------------- picking units

    /** One the account operates that is not frozen: only it changes such a unit this phase. */
    private Unit ownUnit(Account account) {
        return pick(account.units.stream().filter(u -> !model.frozen(u)).toList());
    }

    private Unit ownUnlicensed(Account account) {
        return pick(account.units.stream().filter(u -> !u.licensed()).toList());
    }

    private Unit ownLicensed(Account account) {
        return pick(account.units.stream().filter(Unit::licensed).toList());
    }

    private Unit ownLicensedMutable(Account account) {
        return pick(account.units.stream().filter(u -> u.licensed() && !model.frozen(u)).toList());
    }

    private Unit pick(List<Unit> candidates) {
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    /** A frozen unit meeting the condition, if one turns up in a few random tries. */
    private Unit frozen(Predicate<Unit> condition) {
        List<Unit> frozen = model.frozenUnits();
        if (frozen.isEmpty()) {
            return null;
        }
        for (int tries = 0; tries < 30; tries++) {
            Unit unit = frozen.get(random.nextInt(frozen.size()));
            if (condition.test(unit)) {
                return unit;
            }
        }
        return null;
    }

    private Unit frozenForeign(Account account) {
        return frozen(u -> !Objects.equals(u.owner, account.balanceOwner));
    }

    private Unit anyUnit() {
        List<Unit> all = new ArrayList<>(model.units.values());
        return all.get(random.nextInt(all.size()));
    }

    private String unshipped() {
        return model.unshipped.get(random.nextInt(model.unshipped.size()));
    }

    // ---------------------------------------------------------------- how people type

    private String caseOf(String text) {
        return random.nextInt(4) == 0 ? text.toLowerCase(Locale.ROOT) : text;
    }

    private String wrongChecksum(String mac) {
        int right = Integer.parseInt(MacAddress.parse(mac).checksum(), 16);
        return String.format("%02X", (right + 1 + random.nextInt(255)) % 256);
    }

    /** End customer, location, comment 1 and 2; with {@code some}, each given or not at random. */
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

    // ---------------------------------------------------------------- sending

    private LicenseRequest request(String account, Object command) {
        return new LicenseRequest(requestIdPrefix() + (++requestCounter), account, Instant.now(), command);
    }

    private void accept(String account, Object command, Consumer<Object> outcome) {
        sent.send(request(account, command), new Expectation(true, List.of(), outcome));
    }

    private void reject(String account, Object command, String... reasons) {
        reject(account, command, List.of(reasons));
    }

    private void reject(String account, Object command, List<String> reasons) {
        sent.send(request(account, command), new Expectation(false, reasons, null));
    }
}
