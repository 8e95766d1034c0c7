package com.licensemanager.requests.units;

import com.licensemanager.licensing.mac.MacAddress;
import com.licensemanager.licensing.mac.MalformedMacAddressException;
import com.licensemanager.requests.decision.Actor;
import com.licensemanager.requests.decision.Reason;
import com.licensemanager.requests.decision.Rejections;
import com.licensemanager.requests.decision.RequestBatch;
import com.licensemanager.requests.decision.Verdict;
import com.licensemanager.state.units.Unit;

/**
 * Who may do what with a unit, decided before anything that depends on the unit's state, so that a unit that is not
 * the actor's and a unit that does not exist get the same answer: {@code NOT_PERMITTED}, subject the MAC, message
 * "not permitted" (issue 16: any account could tell which MACs are real units).
 *
 * <p>The one exception, unavoidable because licensing a unit is how it becomes someone's: a shipped unit that holds
 * no licenses is open to every account. Quoting or assigning it is answered on its merits, and adding to it with
 * {@code UNIT_NOT_LICENSED}; so any account can learn that a MAC is a shipped, unlicensed unit (and, if so, its
 * model, whether it is in repair and what it could take), nothing about a licensed unit.
 */
public final class UnitAccess {

    public sealed interface Decision {
    }

    public record Granted(Unit unit) implements Decision {
    }

    public record Denied(Verdict verdict) implements Decision {
    }

    public UnitAccess() {
    }

    /** For licensing: the unit must be the actor's or nobody's (shipped, unlicensed), in service; locked. */
    public Decision toLicense(RequestBatch batch, Actor actor, String mac, String checksum) {
        return licensable(actor, mac, checksum, batch::lockedUnit);
    }

    /** For a quote, which changes nothing: as {@link #toLicense}, the unit read without a lock. */
    Decision toQuote(RequestBatch batch, Actor actor, String mac, String checksum) {
        return licensable(actor, mac, checksum, batch::unitToRead);
    }

    private static Decision licensable(Actor actor, String mac, String checksum,
                                       java.util.function.Function<String, java.util.Optional<Unit>> lookup) {
        MacAddress address;
        try {
            address = MacAddress.parse(mac, checksum);
        } catch (MalformedMacAddressException e) {
            return new Denied(Verdict.rejected(java.util.List.of(Rejections.of(e, mac))));
        }
        var unit = lookup.apply(address.toString())
                .filter(u -> u.owner() == null || u.ownedBy(actor.balanceOwner()));
        if (unit.isEmpty()) {
            // Never shipped, or someone else's: the same answer.
            return new Denied(Verdict.rejected(java.util.List.of(Rejections.notPermitted(address.toString()))));
        }
        return inService(unit.get());
    }

    /** For adding licenses: the unit must already hold the actor's licenses; a nobody's unit is told to be assigned first. */
    Decision toAddTo(RequestBatch batch, Actor actor, String mac) {
        Decision decision = toLicense(batch, actor, mac, null);
        if (decision instanceof Granted granted && granted.unit().owner() == null) {
            return new Denied(Verdict.rejected(Reason.UNIT_NOT_LICENSED, granted.unit().mac(),
                    "unit " + granted.unit().mac() + " holds no licenses yet; assign licenses first"));
        }
        if (decision instanceof Granted granted && granted.unit().licensesMovedAway()) {
            return new Denied(Verdict.rejected(Reason.UNIT_LICENSES_MOVED, granted.unit().mac(),
                    "the licenses of " + granted.unit().mac() + " were moved to " + granted.unit().movedTo()));
        }
        return decision;
    }

    /** For sharing and details: the owner's, and only the owner's. */
    Decision asOwner(RequestBatch batch, Actor actor, String mac) {
        return existing(mac, address -> batch.lockedUnit(address.toString())
                .filter(unit -> unit.ownedBy(actor.balanceOwner())));
    }

    /** For reading the license file: the owner's, or the end user's it is shared with; read without a lock. */
    Decision asReader(RequestBatch batch, Actor actor, String mac) {
        return existing(mac, address -> batch.unitToRead(address.toString())
                .filter(unit -> unit.ownedBy(actor.balanceOwner()) || actor.accountId().equals(unit.endUser())));
    }

    private static Decision existing(String mac, java.util.function.Function<MacAddress, java.util.Optional<Unit>> permitted) {
        MacAddress address;
        try {
            address = MacAddress.parse(mac);
        } catch (MalformedMacAddressException e) {
            return new Denied(Verdict.rejected(java.util.List.of(Rejections.of(e, mac))));
        }
        return permitted.apply(address).<Decision>map(Granted::new)
                .orElseGet(() -> new Denied(Verdict.rejected(java.util.List.of(Rejections.notPermitted(address.toString())))));
    }

    private static Decision inService(Unit unit) {
        if (unit.inRma()) {
            return new Denied(Verdict.rejected(Reason.UNIT_IN_RMA, unit.mac(),
                    "unit " + unit.mac() + " is in repair; assign its licenses to the replacement instead"));
        }
        return new Granted(unit);
    }

}
