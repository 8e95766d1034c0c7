package com.licensemanager.chaos;

import com.licensemanager.schemas.admin.EnableMoveContract;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.portal.AddLicenses;
import com.licensemanager.schemas.portal.AssignLicenses;
import com.licensemanager.schemas.portal.AssignRmaUnitToReplacement;
import com.licensemanager.schemas.portal.CreateTransferKey;
import com.licensemanager.schemas.portal.DownloadLicenseFile;
import com.licensemanager.schemas.portal.MoveLicenses;
import com.licensemanager.schemas.portal.QuoteAssignment;
import com.licensemanager.schemas.portal.RedeemActivationKey;
import com.licensemanager.schemas.portal.RegisterAccount;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The chaos run's own model of what the service must do, written from the documented rules (docs/topics.md) and nothing of the
 * service's code: accounts with balances (uploaded, used, transferred per license code), their units and the
 * licenses on them, moves and RMA replacements. Each account has at most one request in flight, so the outcome of
 * every request is determined by the account's earlier requests alone: the model predicts it when the request is
 * generated (accepted, or the exact set of rejection reasons) and applies its effects at once. The state the service
 * keeps must then equal the model's whenever nothing is in flight, whatever failed in between.
 *
 * <p>Only the driver thread calls the generators; the observer thread reads through {@link Chaos}, which holds the
 * model's lock. Nothing here is thread-safe by itself.
 */
final class Model {

    /** What a first licensing puts on a unit (IP811: PBX size 15, 32 channels at most). */
    static final Map<String, Integer> ASSIGNMENT = lines("PBX6#15", 1, "Registrations", 10, "Channels", 8);
    /** The first key of every account, redeemed while seeding. */
    static final Map<String, Integer> INITIAL_KEY = lines("PBX6#15", 3, "Registrations", 30, "Channels", 30);
    /** The further keys of every account, redeemed under load. */
    static final Map<String, Integer> TOP_UP_KEY = lines("PBX6#15", 2, "Registrations", 20, "Channels", 20);
    static final String MODEL = "IP811";
    static final int MAX_CHANNELS = 32;

    enum Kind { ASSIGN, ADD, TRANSFER, REDEEM, QUOTE, DOWNLOAD, FOREIGN_DOWNLOAD, MALFORMED_MAC, MOVE, RMA }

    private static final Kind[] WEIGHTED = weighted(Map.of(Kind.ASSIGN, 20, Kind.ADD, 16, Kind.TRANSFER, 8,
            Kind.REDEEM, 6, Kind.QUOTE, 8, Kind.DOWNLOAD, 8, Kind.FOREIGN_DOWNLOAD, 4, Kind.MALFORMED_MAC, 3,
            Kind.MOVE, 14, Kind.RMA, 7));

    static final class Account {
        final String id;
        final String email;
        final String company;
        /** code -> {uploaded, used, transferred} */
        final Map<String, int[]> balance = new TreeMap<>();
        final List<Unit> licensed = new ArrayList<>();
        final Deque<Unit> fresh = new ArrayDeque<>();
        final Deque<String> keys = new ArrayDeque<>();
        Step inFlight;

        Account(String id, String email, String company) {
            this.id = id;
            this.email = email;
            this.company = company;
        }

        int available(String code) {
            int[] line = balance.get(code);
            return line == null ? 0 : line[0] - line[1] - line[2];
        }

        boolean covers(Map<String, Integer> wanted) {
            return wanted.entrySet().stream().allMatch(e -> available(e.getKey()) >= e.getValue());
        }

        void add(Map<String, Integer> lines, int column) {
            lines.forEach((code, quantity) -> balance.computeIfAbsent(code, c -> new int[3])[column] += quantity);
        }
    }

    static final class Unit {
        final String mac;
        final Map<String, Integer> licenses = new TreeMap<>();
        Account owner;
        boolean rma;
        String movedTo;
        String copyOf;
        /** Its licensing was answered (so other accounts may be refused it deterministically). */
        boolean confirmed;

        Unit(String mac) {
            this.mac = mac;
        }

        boolean usable() {
            return !rma && movedTo == null && !licenses.isEmpty();
        }
    }

    /** A move (deadline) or an RMA replacement; its id is the service's, learnt from the result. */
    static final class Move {
        final boolean rmaReplacement;
        final String from;
        final String to;
        String moveId;
        String returnNotificationId;
        int window;

        Move(boolean rmaReplacement, String from, String to, int window) {
            this.rmaReplacement = rmaReplacement;
            this.from = from;
            this.to = to;
            this.window = window;
        }
    }

    /** One thing an account is waiting for: a portal request's result, or an RMA unit to show status RMA. */
    static final class Step {
        final long sequence;
        final Account account;
        final String kind;
        /** requestId for requests, notificationId for RMA notifications */
        final String id;
        final Object command;
        final boolean expectAccepted;
        final Set<String> expectedReasons;
        final int window;
        long sentNanos;
        /** the ce_id it was published with */
        String messageId;
        /** for MOVE: the move to learn its id; for RMA: the unit in repair and its replacement */
        Move move;
        /** the unit this request licenses (assignment, move, replacement): confirmed by its result */
        Unit licensing;
        Unit rmaUnit;

        Step(long sequence, Account account, String kind, String id, Object command, boolean expectAccepted,
             Set<String> expectedReasons, int window) {
            this.sequence = sequence;
            this.account = account;
            this.kind = kind;
            this.id = id;
            this.command = command;
            this.expectAccepted = expectAccepted;
            this.expectedReasons = expectedReasons;
            this.window = window;
        }

        boolean isRmaNotification() {
            return kind.equals("RmaReceivedForRepair");
        }
    }

    private final String runId;
    private final Random random;
    final List<Account> accounts = new ArrayList<>();
    final Map<String, Unit> units = new LinkedHashMap<>();
    final List<Move> moves = new ArrayList<>();
    private long nextSequence = 1;
    private int nextRequest = 1;
    private int nextMac = 1;

    Model(String runId, int accountCount, int unitsPerAccount, long seed) {
        this.runId = runId;
        this.random = new Random(seed);
        for (int i = 1; i <= accountCount; i++) {
            Account account = new Account(String.format(Locale.ROOT, "acct-%s-%04d", runId, i),
                    String.format(Locale.ROOT, "chaos%04d.%s@chaos.example", i, runId),
                    String.format(Locale.ROOT, "Chaos Telecom %04d GmbH", i));
            accounts.add(account);
            for (int u = 0; u < unitsPerAccount; u++) {
                Unit unit = new Unit(mac(nextMac++));
                units.put(unit.mac, unit);
                account.fresh.add(unit);
            }
        }
    }

    static String mac(int serial) {
        return String.format(Locale.ROOT, "00-90-33-%02X-%02X-%02X", (serial >> 16) & 0xFF, (serial >> 8) & 0xFF,
                serial & 0xFF);
    }

    String newRequestId(String prefix) {
        return prefix + "-" + runId + "-" + (nextRequest++);
    }

    Step registration(Account account, int window) {
        return request(account, "RegisterAccount", new RegisterAccount(account.email, account.company), true,
                Set.of(), window);
    }

    Step enableMoveContract(Account account, int window) {
        Step step = new Step(nextSequence++, account, "EnableMoveContract", newRequestId("adm"),
                new EnableMoveContract(account.id), true, Set.of(), window);
        account.inFlight = step;
        return step;
    }

    Step redeem(Account account, String key, Map<String, Integer> lines, int window) {
        account.add(lines, 0);
        return request(account, "RedeemActivationKey", new RedeemActivationKey(key), true, Set.of(), window);
    }

    /** The next step of an idle account under load; its expected outcome and effects applied to the model. */
    Step next(Account account, int window) {
        for (int attempt = 0; attempt < 8; attempt++) {
            Step step = tryKind(account, WEIGHTED[random.nextInt(WEIGHTED.length)], window);
            if (step != null) {
                return step;
            }
        }
        return transfer(account, window);
    }

    private Step tryKind(Account account, Kind kind, int window) {
        Unit own = pickUsable(account);
        switch (kind) {
            case ASSIGN -> {
                if (account.fresh.isEmpty()) {
                    return null;
                }
                Unit unit = account.fresh.peek();
                AssignLicenses command = new AssignLicenses(unit.mac, null, toLines(ASSIGNMENT), "End customer",
                        "Site " + random.nextInt(100), "chaos " + runId, null);
                if (!account.covers(ASSIGNMENT)) {
                    return request(account, "AssignLicenses", command, false, Set.of("INSUFFICIENT_BALANCE"), window);
                }
                account.fresh.poll();
                account.add(ASSIGNMENT, 1);
                unit.licenses.putAll(ASSIGNMENT);
                unit.owner = account;
                account.licensed.add(unit);
                Step step = request(account, "AssignLicenses", command, true, Set.of(), window);
                step.licensing = unit;
                return step;
            }
            case ADD -> {
                if (own == null || own.licenses.getOrDefault("Channels", 0) + 2 > MAX_CHANNELS) {
                    return null;
                }
                Map<String, Integer> lines = lines("Channels", 2);
                AddLicenses command = new AddLicenses(own.mac, toLines(lines));
                if (!account.covers(lines)) {
                    return request(account, "AddLicenses", command, false, Set.of("INSUFFICIENT_BALANCE"), window);
                }
                account.add(lines, 1);
                own.licenses.merge("Channels", 2, Integer::sum);
                return request(account, "AddLicenses", command, true, Set.of(), window);
            }
            case TRANSFER -> {
                return transfer(account, window);
            }
            case REDEEM -> {
                if (account.keys.isEmpty()) {
                    return null;
                }
                return redeem(account, account.keys.poll(), TOP_UP_KEY, window);
            }
            case QUOTE -> {
                return own == null ? null
                        : request(account, "QuoteAssignment", new QuoteAssignment(own.mac, null), true, Set.of(),
                        window);
            }
            case DOWNLOAD -> {
                return own == null ? null
                        : request(account, "DownloadLicenseFile", new DownloadLicenseFile(own.mac), true, Set.of(),
                        window);
            }
            case FOREIGN_DOWNLOAD -> {
                Account other = accounts.get(random.nextInt(accounts.size()));
                List<Unit> theirs = other == account ? List.of()
                        : other.licensed.stream().filter(u -> u.confirmed).toList();
                if (theirs.isEmpty()) {
                    return null;
                }
                return request(account, "DownloadLicenseFile",
                        new DownloadLicenseFile(theirs.get(random.nextInt(theirs.size())).mac), false,
                        Set.of("NOT_PERMITTED"), window);
            }
            case MALFORMED_MAC -> {
                return request(account, "QuoteAssignment", new QuoteAssignment("00:90:33:12:34:56", null), false,
                        Set.of("MAC_WRONG_SEPARATOR"), window);
            }
            case MOVE -> {
                if (own == null || account.fresh.isEmpty()) {
                    return null;
                }
                Unit target = account.fresh.poll();
                Move move = new Move(false, own.mac, target.mac, window);
                relocate(account, own, target);
                moves.add(move);
                Step step = request(account, "MoveLicenses", new MoveLicenses(own.mac, target.mac, null), true,
                        Set.of(), window);
                step.move = move;
                step.licensing = target;
                return step;
            }
            case RMA -> {
                if (own == null || account.fresh.isEmpty()) {
                    return null;
                }
                own.rma = true;
                Step step = new Step(nextSequence++, account, "RmaReceivedForRepair",
                        "rma-" + runId + "-" + (nextRequest++), null, true, Set.of(), window);
                step.rmaUnit = own;
                account.inFlight = step;
                return step;
            }
            default -> throw new IllegalStateException("unknown kind " + kind);
        }
    }

    /** The follow-up of an RMA unit seen in repair: its owner assigns its licenses to a fresh replacement. */
    Step replacement(Step rma, int window) {
        Account account = rma.account;
        Unit target = account.fresh.poll();
        Move move = new Move(true, rma.rmaUnit.mac, target.mac, window);
        relocate(account, rma.rmaUnit, target);
        moves.add(move);
        Step step = request(account, "AssignRmaUnitToReplacement",
                new AssignRmaUnitToReplacement(rma.rmaUnit.mac, target.mac, null), true, Set.of(), window);
        step.move = move;
        step.licensing = target;
        return step;
    }

    private void relocate(Account account, Unit from, Unit to) {
        to.licenses.putAll(from.licenses);
        to.owner = account;
        to.copyOf = from.mac;
        from.movedTo = to.mac;
        account.licensed.add(to);
    }

    private Step transfer(Account account, int window) {
        Map<String, Integer> lines = lines("Channels", 2);
        CreateTransferKey command = new CreateTransferKey(toLines(lines));
        if (!account.covers(lines)) {
            return request(account, "CreateTransferKey", command, false, Set.of("INSUFFICIENT_BALANCE"), window);
        }
        account.add(lines, 2);
        return request(account, "CreateTransferKey", command, true, Set.of(), window);
    }

    private Unit pickUsable(Account account) {
        List<Unit> usable = account.licensed.stream().filter(Unit::usable).toList();
        return usable.isEmpty() ? null : usable.get(random.nextInt(usable.size()));
    }

    private Step request(Account account, String kind, Object command, boolean accepted, Set<String> reasons,
                         int window) {
        Step step = new Step(nextSequence++, account, kind, newRequestId("req"), command, accepted, reasons, window);
        account.inFlight = step;
        return step;
    }

    long lastSequence() {
        return nextSequence - 1;
    }

    static List<LicenseLine> toLines(Map<String, Integer> lines) {
        return lines.entrySet().stream().map(e -> new LicenseLine(e.getKey(), e.getValue())).toList();
    }

    static Map<String, Integer> lines(Object... codeQuantity) {
        Map<String, Integer> lines = new TreeMap<>();
        for (int i = 0; i < codeQuantity.length; i += 2) {
            lines.put((String) codeQuantity[i], (Integer) codeQuantity[i + 1]);
        }
        return lines;
    }

    private static Kind[] weighted(Map<Kind, Integer> weights) {
        List<Kind> all = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (int i = 0; i < weights.getOrDefault(kind, 0); i++) {
                all.add(kind);
            }
        }
        return all.toArray(Kind[]::new);
    }
}
