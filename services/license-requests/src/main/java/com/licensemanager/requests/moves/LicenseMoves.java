package com.licensemanager.requests.moves;

import com.licensemanager.licensing.catalogue.ProductCatalogue;
import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.mac.MacAddress;
import com.licensemanager.licensing.mac.MalformedMacAddressException;
import com.licensemanager.licensing.unit.RuleVerdict;
import com.licensemanager.licensing.unit.UnitRules;
import com.licensemanager.platform.timers.DurableTimers;
import com.licensemanager.requests.decision.Actor;
import com.licensemanager.requests.decision.Reason;
import com.licensemanager.requests.decision.Rejections;
import com.licensemanager.requests.decision.RequestBatch;
import com.licensemanager.requests.decision.Verdict;
import com.licensemanager.requests.units.UnitAccess;
import com.licensemanager.schemas.common.LicenseFile;
import com.licensemanager.schemas.licensing.LicensesMoved;
import com.licensemanager.schemas.portal.AssignRmaUnitToReplacement;
import com.licensemanager.schemas.portal.MoveLicenses;
import com.licensemanager.state.accounts.Accounts;
import com.licensemanager.state.licenses.LicenseLines;
import com.licensemanager.state.moves.Move;
import com.licensemanager.state.moves.MoveReminder;
import com.licensemanager.state.moves.Moves;
import com.licensemanager.state.history.HistoryChange;
import com.licensemanager.state.history.SubjectChange;
import com.licensemanager.state.publication.Changes;
import com.licensemanager.state.units.LicenseFiles;
import com.licensemanager.state.units.Unit;
import com.licensemanager.state.units.LicenseEntry;
import com.licensemanager.state.units.Units;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Moving all licenses of a unit to another unit: by contract ("move"), with a deadline for the old unit to reach
 * the vendor and reminders before it, or for a unit in repair ("assign to new MAC address"), without either. The new
 * unit shows "copy of" the old, the old "moved to" the new; the old unit's licenses can no longer be downloaded.
 */
public class LicenseMoves {

    private final Accounts accounts;
    private final Units units;
    private final UnitAccess access;
    private final UnitRules rules;
    private final ProductCatalogue catalogue;
    private final LicenseFiles files;
    private final Moves moves;
    private final DurableTimers timers;
    private final Clock clock;
    private final Duration deadline;
    private final List<Duration> reminders;

    public LicenseMoves(Accounts accounts, Units units, UnitRules rules, ProductCatalogue catalogue, LicenseFiles files,
                        Moves moves, DurableTimers timers, Clock clock, MoveProperties properties) {
        this.accounts = accounts;
        this.units = units;
        this.access = new UnitAccess();
        this.rules = rules;
        this.catalogue = catalogue;
        this.files = files;
        this.moves = moves;
        this.timers = timers;
        this.clock = clock;
        this.deadline = properties.deadline();
        this.reminders = properties.reminders();
    }

    public Verdict move(RequestBatch batch, Actor actor, MoveLicenses command, Changes changes) {
        // The unit first: an end user or another account without a contract must not learn that the unit exists.
        var from = ownLicensedUnit(batch, actor, command.getFromMac(), false);
        if (from instanceof UnitAccess.Denied denied) {
            return denied.verdict();
        }
        if (!accounts.hasMoveContract(actor.account())) {
            return Verdict.rejected(Reason.MOVE_CONTRACT_MISSING, actor.balanceOwner(),
                    "moving licenses needs a move contract with the vendor");
        }
        Unit old = ((UnitAccess.Granted) from).unit();
        if (old.inRma()) {
            return Verdict.rejected(Reason.UNIT_IN_RMA, old.mac(),
                    "unit " + old.mac() + " is in repair; assign its licenses to the replacement instead");
        }
        Instant now = clock.instant();
        return relocate(batch, actor, old, command.getToMac(), command.getToChecksum(), Move.Kind.MOVE, now,
                now.plus(deadline), changes);
    }

    public Verdict assignRmaToReplacement(RequestBatch batch, Actor actor, AssignRmaUnitToReplacement command,
                                          Changes changes) {
        var from = ownLicensedUnit(batch, actor, command.getRmaMac(), true);
        if (from instanceof UnitAccess.Denied denied) {
            return denied.verdict();
        }
        Unit old = ((UnitAccess.Granted) from).unit();
        if (!old.inRma()) {
            return Verdict.rejected(Reason.UNIT_NOT_IN_RMA, old.mac(), "unit " + old.mac() + " is not in repair");
        }
        return relocate(batch, actor, old, command.getReplacementMac(), command.getReplacementChecksum(),
                Move.Kind.RMA_REPLACEMENT, clock.instant(), null, changes);
    }

    /** The actor's unit whose licenses may leave it: licensed, and not moved away already. */
    private UnitAccess.Decision ownLicensedUnit(RequestBatch batch, Actor actor, String mac,
                                                boolean rmaFormAllowed) {
        MacAddress address;
        try {
            address = rmaFormAllowed ? MacAddress.parseAnyForm(mac).toUnit() : MacAddress.parse(mac);
        } catch (MalformedMacAddressException e) {
            return new UnitAccess.Denied(Verdict.rejected(List.of(Rejections.of(e, mac))));
        }
        Optional<Unit> unit = batch.lockedUnit(address.toString()).filter(u -> u.ownedBy(actor.balanceOwner()));
        if (unit.isEmpty()) {
            return new UnitAccess.Denied(Verdict.rejected(List.of(Rejections.notPermitted(address.toString()))));
        }
        if (unit.get().licensesMovedAway()) {
            return new UnitAccess.Denied(Verdict.rejected(Reason.UNIT_LICENSES_MOVED, address.toString(),
                    "the licenses of " + address + " were moved to " + unit.get().movedTo()));
        }
        return new UnitAccess.Granted(unit.get());
    }

    private Verdict relocate(RequestBatch batch, Actor actor, Unit old, String toMac, String toChecksum,
                             Move.Kind kind, Instant now,
                             Instant due, Changes changes) {
        var to = access.toLicense(batch, actor, toMac, toChecksum);
        if (to instanceof UnitAccess.Denied denied) {
            return denied.verdict();
        }
        Unit target = ((UnitAccess.Granted) to).unit();
        LicenseBundle licenses = batch.licensesOf(old.mac());
        if (!batch.licensesOf(target.mac()).isEmpty()) {
            return Verdict.rejected(Reason.UNIT_ALREADY_LICENSED, target.mac(),
                    "unit " + target.mac() + " holds licenses already; licenses move only to an unlicensed unit");
        }
        if (rules.check(catalogue.require(target.model()), LicenseBundle.empty(), licenses)
                instanceof RuleVerdict.Rejected rejected) {
            return Verdict.rejected(rejected.violations().stream().map(Rejections::of).toList());
        }
        Move move = new Move(UUID.randomUUID(), kind, actor.balanceOwner(), actor.accountId(), old.mac(),
                target.mac(), now, due, licenses);
        moves.open(move);
        if (kind == Move.Kind.RMA_REPLACEMENT) {
            moves.close(move.id(), Move.Outcome.REPLACED, now);
        } else {
            timers.schedule(Moves.DEADLINE_TIMER, move.id().toString(), due);
            for (MoveReminder reminder : MoveReminder.toSet(move, reminders, now)) {
                timers.schedule(Moves.REMINDER_TIMER, reminder.timerId(), reminder.dueAt(due));
            }
        }
        units.record(target.mac(), licenses, LicenseEntry.MOVED_IN, move.id().toString());
        units.claimAsCopy(target.mac(), old.mac(), actor.balanceOwner(), actor.accountId());
        units.markMovedTo(old.mac(), target.mac());
        LicenseFile file = files.issue(target.mac(), licenses);
        changes.unit(old.mac());
        changes.unit(target.mac());
        boolean replacement = kind == Move.Kind.RMA_REPLACEMENT;
        // The old unit's ledger keeps its rows (it shows where the licenses went): nothing entered, nothing taken.
        changes.record(SubjectChange.ofUnit(old.mac(), replacement ? HistoryChange.REPLACED : HistoryChange.MOVED_OUT,
                target.mac(), licenses, old.owner()));
        changes.record(SubjectChange.ofUnit(target.mac(),
                replacement ? HistoryChange.REPLACEMENT : HistoryChange.MOVED_IN, old.mac(),
                SubjectChange.entered(licenses, 1), licenses, actor.balanceOwner()));
        return Verdict.accepted(new LicensesMoved(move.id().toString(), old.mac(), target.mac(),
                LicenseLines.toLines(licenses), file, due));
    }
}
