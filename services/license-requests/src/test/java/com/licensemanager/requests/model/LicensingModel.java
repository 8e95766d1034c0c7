package com.licensemanager.requests.model;

import com.licensemanager.licensing.catalogue.ProductCatalogue;
import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.mac.MacAddress;
import com.licensemanager.licensing.mac.MalformedMacAddressException;
import com.licensemanager.licensing.unit.Quote;
import com.licensemanager.licensing.unit.RuleVerdict;
import com.licensemanager.licensing.unit.UnitRules;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.testsupport.portal.LicensingPortal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.ObjIntConsumer;

/**
 * What the service's state must be after the requests sent so far (accounts, balances, units, activation keys),
 * and the rules' predictions of the answer to the next one. Each account's requests are applied in the order they
 * are published, which is the order the service handles them in; see {@code RandomRequestsModelTest} for why the
 * interleaving of different accounts' requests cannot change an answer.
 */
public final class LicensingModel {

    /** A quantity no balance ever reaches: short in every interleaving of a phase. */
    public static final int OVER = 10_000_000;

    private static final ProductCatalogue CATALOGUE = ProductCatalogue.loadDefault();
    private static final UnitRules RULES = new UnitRules(CATALOGUE);

    public final List<Account> accounts = new ArrayList<>();
    /** Accounts nobody registers: every request of theirs is ACCOUNT_NOT_REGISTERED. */
    public final List<String> unregistered = new ArrayList<>();
    /** Group id -> its members. */
    public final Map<String, List<Account>> groups = new LinkedHashMap<>();
    /** Balance owner (account outside groups, or group) -> its balance. */
    public final Map<String, Balance> balances = new LinkedHashMap<>();
    public final Map<String, Unit> units = new LinkedHashMap<>();
    /** Valid MACs the warehouse never shipped: NOT_PERMITTED, like another account's unit. */
    public final List<String> unshipped = new ArrayList<>();
    /** Activation key (ordered or transfer) -> the licenses it carries. */
    private final Map<String, List<LicenseLine>> keyLines = new HashMap<>();
    /** Transfer key -> the balance owner it was created from. */
    private final Map<String, String> transferKeyGiver = new HashMap<>();

    // What only holds for the phase being generated (see RequestGenerator).
    /**
     * Per group and code: its available amount at the start of the phase minus what the phase is to debit and what
     * its rejected requests are to find available ({@link #keepBack}).
     */
    private final Map<String, Map<String, Integer>> budgets = new HashMap<>();
    private final List<Unit> frozen = new ArrayList<>();
    private final Set<String> frozenMacs = new HashSet<>();

    /**
     * {@code accounts} accounts named after the {@code run}; the first ones form groups of {@code groupSizes}, the
     * next {@code guessers} outside groups are guessers; three more accounts are never registered.
     */
    public LicensingModel(String run, int accounts, int[] groupSizes, int guessers) {
        for (int i = 0; i < accounts; i++) {
            this.accounts.add(new Account("acct-rnd-" + run + "-" + i + "-" + UUID.randomUUID().toString()
                    .substring(0, 8)));
        }
        for (int i = 0; i < 3; i++) {
            unregistered.add("acct-never-registered-" + UUID.randomUUID());
        }
        int next = 0;
        for (int size : groupSizes) {
            String group = LicensingPortal.newGroupId();
            balances.put(group, new Balance(group, true));
            List<Account> members = new ArrayList<>();
            for (int j = 0; j < size; j++) {
                Account member = this.accounts.get(next++);
                member.balanceOwner = group;
                member.inGroup = true;
                members.add(member);
            }
            groups.put(group, members);
        }
        for (int i = next; i < this.accounts.size(); i++) {
            Account solo = this.accounts.get(i);
            balances.put(solo.id, new Balance(solo.id, false));
            solo.guesser = i < next + guessers;
        }
    }

    public Balance balanceOf(Account account) {
        return balances.get(account.balanceOwner);
    }

    // ---------------------------------------------------------------- orders and shipments

    public void keyIssued(String key, List<LicenseLine> lines) {
        keyLines.put(key, lines);
    }

    public Unit ship(Account operator, String mac, String model) {
        Unit unit = new Unit(mac, model, CATALOGUE.require(model));
        operator.units.add(unit);
        units.put(mac, unit);
        return unit;
    }

    // ---------------------------------------------------------------- phases

    /** Takes each group's budgets from its balance as it is now, and thaws every unit. */
    public void startPhase() {
        budgets.clear();
        balances.values().stream().filter(b -> b.group).forEach(b -> {
            Map<String, Integer> budget = new HashMap<>();
            b.lines.keySet().forEach(code -> budget.put(code, b.available(code)));
            budgets.put(b.owner, budget);
        });
        frozen.clear();
        frozenMacs.clear();
    }

    /** Nobody changes the unit this phase, so any account may look at it. */
    public void freeze(Unit unit) {
        frozen.add(unit);
        frozenMacs.add(unit.mac);
    }

    public boolean frozen(Unit unit) {
        return frozenMacs.contains(unit.mac);
    }

    public List<Unit> frozenUnits() {
        return frozen;
    }

    // ---------------------------------------------------------------- balances

    /** What the account may spend for sure: its balance, or what its group's budget for this phase has left. */
    public int available(Account account, String code) {
        if (account.inGroup) {
            return budgets.get(account.balanceOwner).getOrDefault(code, 0);
        }
        return balanceOf(account).available(code);
    }

    /** INSUFFICIENT_BALANCE per code the account's balance (or its group's budget) does not cover. */
    public List<String> shortfalls(Account account, LicenseBundle bundle) {
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

    /**
     * Keeps the lines of a group member's request that is to be rejected for other reasons (per-box rules, a unit
     * fault) back from the group's budget for the rest of the phase, as if they were debited. The service checks
     * such a request's lines against the balance too (rule and balance reasons are reported together), at whatever
     * point of the phase it comes to it; without this, a line within the budget when generated could be spent by
     * another member's request generated later in the phase and, on another partition, handled first, and the
     * request would then also get INSUFFICIENT_BALANCE (seed -3499964254171224342, phase 4: 165 of
     * Relay-Gatekeeper rejected SECOND_PBX_BASE with a budget of 407, then another member's addition of 383 took it
     * and was handled first: "only 0 are available"). Kept back, every line within the budget is covered in every
     * interleaving, rejected or not. A line beyond the budget ({@link #OVER}) is short anyway: nothing to keep.
     */
    public void keepBack(Account account, LicenseBundle bundle) {
        if (!account.inGroup) {
            return;
        }
        Map<String, Integer> budget = budgets.get(account.balanceOwner);
        bundle.quantities().forEach((code, quantity) -> {
            if (quantity <= budget.getOrDefault(code.print(), 0)) {
                budget.merge(code.print(), -quantity, Integer::sum);
            }
        });
    }

    /** Redeems the key into the account's balance; returns the licenses it carries. */
    public List<LicenseLine> redeem(Account account, String key) {
        Balance balance = balanceOf(account);
        List<LicenseLine> lines = keyLines.get(key);
        lines.forEach(l -> balance.line(l.getLicenseCode()).uploaded += l.getQuantity());
        balance.activations.put(key, account.id);
        String giver = transferKeyGiver.get(key);
        if (giver != null) {
            balances.get(giver).transferKeys.put(key, account.id);
        }
        account.redeemedKeys.add(key);
        return lines;
    }

    /** Moves the licenses out of the account's balance into a transfer key (created once the service answers). */
    public void transfer(Account account, LicenseBundle bundle) {
        debit(account, bundle, (line, quantity) -> line.transferred += quantity);
    }

    /** The balance owner the transfer key was created from; null for a key of an order. */
    public String transferKeyGiver(String key) {
        return transferKeyGiver.get(key);
    }

    public void transferKeyCreated(String giver, String key, List<LicenseLine> lines) {
        keyLines.put(key, lines);
        transferKeyGiver.put(key, giver);
        balances.get(giver).transferKeys.put(key, null);
    }

    private void debit(Account account, LicenseBundle bundle, ObjIntConsumer<Balance.Line> column) {
        Balance balance = balanceOf(account);
        bundle.quantities().forEach((code, quantity) -> {
            column.accept(balance.line(code.print()), quantity);
            if (account.inGroup) {
                budgets.get(account.balanceOwner).merge(code.print(), -quantity, Integer::sum);
            }
        });
    }

    // ---------------------------------------------------------------- units

    public Quote quote(Unit unit) {
        return RULES.quote(unit.productModel, unit.held);
    }

    /** Per code: what the unit may still take, and (a positive) how much of that the account's balance has. */
    public record QuoteFigures(Map<String, Integer> perBox, Map<String, Integer> assignable) {
    }

    public QuoteFigures quoteFigures(Account account, Unit unit) {
        Map<String, Integer> perBox = new TreeMap<>();
        quote(unit).maxima().forEach((code, max) -> perBox.put(code.print(), max));
        Map<String, Integer> assignable = new TreeMap<>();
        perBox.forEach((code, max) -> {
            int now = Math.min(max, balanceOf(account).available(code));
            if (now > 0) {
                assignable.put(code, now);
            }
        });
        return new QuoteFigures(perBox, assignable);
    }

    /** The per-box rules' reasons against adding {@code bundle} to the unit; empty if they allow it. */
    public List<String> ruleViolations(Unit unit, LicenseBundle bundle) {
        List<String> reasons = new ArrayList<>();
        if (RULES.check(unit.productModel, unit.held, bundle) instanceof RuleVerdict.Rejected rejected) {
            rejected.violations().forEach(v -> reasons.add(v.reason().name()));
        }
        return reasons;
    }

    /** Whether the rules allow the bundle on the unit as it is and on an empty one of its model. */
    public boolean possibleAsIsAndEmpty(Unit unit, LicenseBundle bundle) {
        return RULES.check(unit.productModel, unit.held, bundle).accepted()
                && RULES.check(unit.productModel, LicenseBundle.empty(), bundle).accepted();
    }

    /**
     * Adds the licenses to the unit from the account's balance; {@code details} (end customer, location, comment 1
     * and 2) given means an assignment, which makes the account's balance owner the unit's owner.
     */
    public void license(Account account, Unit unit, LicenseBundle bundle, String[] details) {
        debit(account, bundle, (line, quantity) -> line.used += quantity);
        unit.held = unit.held.plus(bundle);
        unit.sequence++;
        if (details != null) {
            unit.owner = account.balanceOwner;
            unit.assignedBy = account.id;
            unit.endCustomer = details[0];
            unit.location = details[1];
            unit.comment1 = details[2];
            unit.comment2 = details[3];
        }
    }

    /** The reason the service gives for a MAC (with its checksum, if given) it cannot accept. */
    public static String macReason(String mac, String checksum) {
        try {
            MacAddress.parse(mac, checksum);
        } catch (MalformedMacAddressException e) {
            return "MAC_" + e.reason().name();
        }
        throw new IllegalStateException(mac + " / " + checksum + " is fine");
    }

    /** Code (as printed) -> quantity: how the portal's helpers read license lines. */
    public static Map<String, Integer> printed(LicenseBundle bundle) {
        Map<String, Integer> map = new TreeMap<>();
        bundle.quantities().forEach((code, quantity) -> map.put(code.print(), quantity));
        return map;
    }
}
