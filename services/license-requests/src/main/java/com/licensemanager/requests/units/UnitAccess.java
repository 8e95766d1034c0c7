package com.licensemanager.requests.units;

import com.licensemanager.licensing.mac.MacAddress;
import com.licensemanager.licensing.mac.MalformedMacAddressException;
import com.licensemanager.requests.decision.Actor;
import com.licensemanager.requests.decision.Reason;
import com.licensemanager.requests.decision.Rejections;
import com.licensemanager.requests.decision.Verdict;
import com.licensemanager.state.units.Unit;
import com.licensemanager.state.units.Units;

/**
 * Who may do what with a unit. Licensing a unit is open to any account while the unit is nobody's; everything
 * else needs the unit to be the actor's (or its group's), and is answered "not permitted" otherwise, whether the
 * unit exists or not.
 */
public final class UnitAccess {

    public sealed interface Decision {
    }

    public record Granted(Unit unit) implements Decision {
    }

    public record Denied(Verdict verdict) implements Decision {
    }

    private final Units units;

    public UnitAccess(Units units) {
        this.units = units;
    }

    /** For quoting and first licensing: the unit must be shipped, in service, and not someone else's. */
    public Decision toLicense(Actor actor, String mac, String checksum) {
        MacAddress address;
        try {
            address = MacAddress.parse(mac, checksum);
        } catch (MalformedMacAddressException e) {
            return new Denied(Verdict.rejected(java.util.List.of(Rejections.of(e, mac))));
        }
        var unit = units.lock(address.toString());
        if (unit.isEmpty()) {
            return new Denied(Verdict.rejected(Reason.UNIT_NOT_SHIPPED, address.toString(),
                    "unit " + address + " was never shipped"));
        }
        if (unit.get().owner() != null && !unit.get().ownedBy(actor.balanceOwner())) {
            return new Denied(Verdict.rejected(java.util.List.of(Rejections.notPermitted(address.toString()))));
        }
        return inService(unit.get());
    }

    /** For adding licenses: the unit must already hold the actor's licenses. */
    Decision toAddTo(Actor actor, String mac) {
        Decision decision = toLicense(actor, mac, null);
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
    Decision asOwner(Actor actor, String mac) {
        return existing(mac, address -> units.lock(address.toString())
                .filter(unit -> unit.ownedBy(actor.balanceOwner())));
    }

    /** For reading the license file: the owner's, or the end user's it is shared with. */
    Decision asReader(Actor actor, String mac) {
        return existing(mac, address -> units.find(address.toString())
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
