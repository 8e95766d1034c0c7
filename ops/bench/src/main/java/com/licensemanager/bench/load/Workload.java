package com.licensemanager.bench.load;

import com.licensemanager.schemas.common.LicenseLine;
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

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The benchmark's model of the portal's users and of what the service knows about them, and the generator of a
 * realistic mix of their requests. Requests of one account are keyed by the account and so handled in order; the
 * model is updated as requests are generated, so each generated request is valid (or invalid on purpose) given all
 * the account's earlier ones: an assignment always gets a freshly shipped, unlicensed unit; additions stay within the
 * unit's per-box limits; downloads, details, shares and quotes concern the account's own licensed units; redemptions
 * use keys issued for the purpose; transfers are covered by the account's large balance.
 */
public final class Workload {

    /** The mix, in percent of all requests. */
    public enum Kind {
        ASSIGN("AssignLicenses", 24),
        ADD("AddLicenses", 12),
        QUOTE("QuoteAssignment", 17),
        DOWNLOAD("DownloadLicenseFile", 13),
        DETAILS("SetUnitDetails", 8),
        SHARE("ShareUnitWithEndUser", 4),
        REDEEM("RedeemActivationKey", 6),
        TRANSFER("CreateTransferKey", 6),
        INVALID("invalid", 10);

        final String label;
        final int percent;

        Kind(String label, int percent) {
            this.label = label;
            this.percent = percent;
        }
    }

    /** Product models of the shipped units, with what an assignment puts on them and the per-box limits used. */
    enum Model {
        IP811("IP811", 70, 32, 15, List.of(line("PBX6#15", 1), line("Registrations", 10), line("Channels", 8),
                line("BRI", 1), line("PRI", 1))),
        IP6010("IP6010", 30, 120, 60, List.of(line("PBX6#60", 1), line("Registrations", 40), line("Channels", 30),
                line("PRI", 4), line("PBX-SoftwarePhone", 10)));

        final String name;
        final int percent;
        final int maxChannels;
        final int pbxSize;
        final List<LicenseLine> assignment;

        Model(String name, int percent, int maxChannels, int pbxSize, List<LicenseLine> assignment) {
            this.name = name;
            this.percent = percent;
            this.maxChannels = maxChannels;
            this.pbxSize = pbxSize;
            this.assignment = assignment;
        }

        int channels() {
            return quantity("Channels");
        }

        int registrations() {
            return quantity("Registrations");
        }

        private int quantity(String code) {
            return assignment.stream().filter(l -> l.getLicenseCode().equals(code)).mapToInt(LicenseLine::getQuantity)
                    .sum();
        }
    }

    /** What every account's balance holds after seeding: large enough never to run short. */
    public static final List<LicenseLine> BALANCE_ORDER = List.of(line("PBX6#15", 1_000_000),
            line("PBX6#60", 1_000_000), line("Registrations", 10_000_000), line("Channels", 10_000_000),
            line("BRI", 1_000_000), line("PRI", 1_000_000), line("PBX-SoftwarePhone", 10_000_000));
    /** What a key redeemed during a measured phase holds. */
    public static final List<LicenseLine> SMALL_ORDER = List.of(line("Channels", 4), line("Registrations", 5));

    static final class LicensedUnit {
        final String mac;
        final Model model;
        int channels;
        int registrations;

        LicensedUnit(String mac, Model model) {
            this.mac = mac;
            this.model = model;
            this.channels = model.channels();
            this.registrations = model.registrations();
        }
    }

    public static final class Account {
        final String id;
        final String email;
        final String company;
        final List<LicensedUnit> units = new ArrayList<>();

        Account(String id, String email, String company) {
            this.id = id;
            this.email = email;
            this.company = company;
        }

        public String id() {
            return id;
        }
    }

    private final String runId;
    private final Random random;
    private final List<Account> accounts = new ArrayList<>();
    /** The accounts units are shared with (a tenth of all): the end customers' logins. */
    private final List<Account> endUsers = new ArrayList<>();
    private final Deque<String> keyPool = new ArrayDeque<>();
    private final List<UnitShipped> unitsToShip = new ArrayList<>();
    private int nextMac = 0x000001;
    private int nextUnshippedMac = 0;
    private int unitsShipped;

    public Workload(String runId, int accountCount, long seed) {
        this.runId = runId;
        this.random = new Random(seed);
        for (int i = 1; i <= accountCount; i++) {
            String id = String.format(Locale.ROOT, "acct-%s-%04d", runId, i);
            accounts.add(new Account(id, String.format(Locale.ROOT, "user%04d.%s@bench.example", i, runId),
                    String.format(Locale.ROOT, "Bench Telecom %04d GmbH", i)));
        }
        endUsers.addAll(accounts.subList(accounts.size() - Math.max(1, accountCount / 10), accounts.size()));
    }

    public List<Account> accounts() {
        return accounts;
    }

    public static Map<String, Integer> mix() {
        Map<String, Integer> mix = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            mix.put(kind.label, kind.percent);
        }
        return mix;
    }

    /** Keys that may be redeemed by measured requests. */
    public void addKeys(List<String> keys) {
        keyPool.addAll(keys);
    }

    public int keysAvailable() {
        return keyPool.size();
    }

    /** Units the plans generated so far need shipped, and forgets them. */
    public List<UnitShipped> takeUnitsToShip() {
        List<UnitShipped> units = List.copyOf(unitsToShip);
        unitsShipped += units.size();
        unitsToShip.clear();
        return units;
    }

    public int unitsShipped() {
        return unitsShipped;
    }

    /** The seeding requests that register every account. */
    public List<PlannedRequest> registrations(String prefix) {
        List<PlannedRequest> plan = new ArrayList<>();
        for (Account account : accounts) {
            plan.add(planned(plan.size(), prefix, account.id, "RegisterAccount", true, null,
                    new RegisterAccount(account.email, account.company)));
        }
        return plan;
    }

    /** The seeding requests that redeem one large key per account (keys in account order). */
    public List<PlannedRequest> balanceRedemptions(String prefix, List<String> keys) {
        List<PlannedRequest> plan = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            plan.add(planned(plan.size(), prefix, accounts.get(i).id, "RedeemActivationKey", true, null,
                    new RedeemActivationKey(keys.get(i))));
        }
        return plan;
    }

    /** {@code count} requests of the mix; the units they need are added to {@link #takeUnitsToShip()}. */
    public List<PlannedRequest> plan(String prefix, int count) {
        List<PlannedRequest> plan = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Account account = accounts.get(random.nextInt(accounts.size()));
            plan.add(next(i, prefix, account, pickKind()));
        }
        return plan;
    }

    /** How many keys a plan of {@code count} requests will want at most (with a margin). */
    public static int keysWanted(int count) {
        return (int) Math.ceil(count * Kind.REDEEM.percent / 100.0 * 1.25) + 10;
    }

    private Kind pickKind() {
        int roll = random.nextInt(100);
        for (Kind kind : Kind.values()) {
            roll -= kind.percent;
            if (roll < 0) {
                return kind;
            }
        }
        return Kind.QUOTE;
    }

    private PlannedRequest next(int index, String prefix, Account account, Kind kind) {
        LicensedUnit own = account.units.isEmpty() ? null : account.units.get(random.nextInt(account.units.size()));
        switch (kind) {
            case ASSIGN:
                return assign(index, prefix, account);
            case ADD: {
                LicensedUnit unit = unitWithRoom(account);
                if (unit == null) {
                    return assign(index, prefix, account);
                }
                List<LicenseLine> lines;
                if (unit.channels + 2 <= unit.model.maxChannels) {
                    unit.channels += 2;
                    lines = List.of(line("Channels", 2));
                } else {
                    unit.registrations += 1;
                    lines = List.of(line("Registrations", 1));
                }
                return planned(index, prefix, account.id, kind.label, true, null, new AddLicenses(unit.mac, lines));
            }
            case QUOTE:
                if (own == null) {
                    return assign(index, prefix, account);
                }
                return planned(index, prefix, account.id, kind.label, true, null, new QuoteAssignment(own.mac, null));
            case DOWNLOAD:
                if (own == null) {
                    return assign(index, prefix, account);
                }
                return planned(index, prefix, account.id, kind.label, true, null, new DownloadLicenseFile(own.mac));
            case DETAILS:
                if (own == null) {
                    return assign(index, prefix, account);
                }
                return planned(index, prefix, account.id, kind.label, true, null, new SetUnitDetails(own.mac,
                        "End customer " + random.nextInt(10_000), "Building " + random.nextInt(50) + ", rack "
                        + random.nextInt(20), "serviced " + index, null));
            case SHARE: {
                if (own == null) {
                    return assign(index, prefix, account);
                }
                Account endUser = endUsers.get(random.nextInt(endUsers.size()));
                return planned(index, prefix, account.id, kind.label, true, null,
                        new ShareUnitWithEndUser(own.mac, endUser.email));
            }
            case REDEEM:
                if (keyPool.isEmpty()) {
                    return assign(index, prefix, account);
                }
                return planned(index, prefix, account.id, kind.label, true, null,
                        new RedeemActivationKey(keyPool.poll()));
            case TRANSFER:
                return planned(index, prefix, account.id, kind.label, true, null,
                        new CreateTransferKey(List.of(line("Channels", 2))));
            case INVALID:
            default:
                return invalid(index, prefix, account, own);
        }
    }

    private PlannedRequest assign(int index, String prefix, Account account) {
        Model model = random.nextInt(100) < Model.IP811.percent ? Model.IP811 : Model.IP6010;
        String mac = mac(nextMac++);
        unitsToShip.add(new UnitShipped(mac, model.name, "BENCH-" + runId, Instant.now()));
        account.units.add(new LicensedUnit(mac, model));
        return planned(index, prefix, account.id, Kind.ASSIGN.label, true, null, new AssignLicenses(mac, null,
                model.assignment, "End customer " + random.nextInt(10_000), "Site " + random.nextInt(500),
                "bench " + runId, null));
    }

    private LicensedUnit unitWithRoom(Account account) {
        for (int attempt = 0; attempt < 6 && !account.units.isEmpty(); attempt++) {
            LicensedUnit unit = account.units.get(random.nextInt(account.units.size()));
            if (unit.channels + 2 <= unit.model.maxChannels || unit.registrations + 1 <= unit.model.pbxSize) {
                return unit;
            }
        }
        return null;
    }

    private PlannedRequest invalid(int index, String prefix, Account account, LicensedUnit own) {
        switch (random.nextInt(6)) {
            case 0: {
                // a MAC the warehouse never shipped (the 00-90-33-FF-.. range is never used for shipped units)
                String mac = "00-90-33-FF-" + String.format(Locale.ROOT, "%02X-%02X", (nextUnshippedMac >> 8) & 0xFF,
                        nextUnshippedMac & 0xFF);
                nextUnshippedMac++;
                return planned(index, prefix, account.id, "invalid:NOT_PERMITTED", false, "NOT_PERMITTED",
                        new AssignLicenses(mac, null, Model.IP811.assignment, null, null, null, null));
            }
            case 1:
                return planned(index, prefix, account.id, "invalid:MAC_WRONG_SEPARATOR", false, "MAC_WRONG_SEPARATOR",
                        new QuoteAssignment("00:90:33:12:34:56", null));
            case 2: {
                // Units are only ever shared with end-user accounts, which may legitimately read them: the reader
                // here is never one (requests of two accounts are not ordered, so "not shared yet" is no guarantee).
                Account other = accounts.get(random.nextInt(accounts.size()));
                if (other == account || other.units.isEmpty() || endUsers.contains(account)) {
                    return invalid(index, prefix, account, own);
                }
                String theirs = other.units.get(random.nextInt(other.units.size())).mac;
                return planned(index, prefix, account.id, "invalid:NOT_PERMITTED", false, "NOT_PERMITTED",
                        new DownloadLicenseFile(theirs));
            }
            case 3:
                return planned(index, prefix, account.id, "invalid:MALFORMED_LICENSE_CODE", false,
                        "MALFORMED_LICENSE_CODE", new CreateTransferKey(List.of(line("Channels#4", 1))));
            case 4: {
                if (own == null) {
                    return invalid(index, prefix, account, null);
                }
                return planned(index, prefix, account.id, "invalid:CHANNELS_ABOVE_DSP_MAXIMUM", false,
                        "CHANNELS_ABOVE_DSP_MAXIMUM", new AddLicenses(own.mac, List.of(line("Channels", 500))));
            }
            default:
                return planned(index, prefix, "ghost-" + runId + "-" + random.nextInt(1000),
                        "invalid:ACCOUNT_NOT_REGISTERED", false, "ACCOUNT_NOT_REGISTERED",
                        new QuoteAssignment(mac(1), null));
        }
    }

    private PlannedRequest planned(int index, String prefix, String account, String kind, boolean expectAccepted,
                                   String expectedReason, Object command) {
        String requestId = prefix + index;
        LicenseRequest request = new LicenseRequest(requestId, account, Instant.now(), command);
        return new PlannedRequest(index, requestId, account, kind, expectAccepted, expectedReason, request);
    }

    static String mac(int serial) {
        return String.format(Locale.ROOT, "00-90-33-%02X-%02X-%02X", (serial >> 16) & 0xFF, (serial >> 8) & 0xFF,
                serial & 0xFF);
    }

    static LicenseLine line(String code, int quantity) {
        return new LicenseLine(code, quantity);
    }
}
