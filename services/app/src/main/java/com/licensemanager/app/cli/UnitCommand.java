package com.licensemanager.app.cli;

import com.licensemanager.licensing.mac.MacAddress;
import com.licensemanager.licensing.mac.MalformedMacAddressException;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.state.units.UnitStates;
import com.licensemanager.state.units.Units;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code unit MAC}: the unit's current state, read from PostgreSQL, printed as the JSON of the {@code UnitState}
 * that {@code licensing.units.v1} carries for it (the same version; {@code updatedAt} is the time of the lookup).
 */
@Command(name = "unit", description = "The current state of a unit (read-only, from PostgreSQL), as licensing.units.v1 carries it.")
final class UnitCommand extends StateLookup {

    @Parameters(paramLabel = "MAC", description = "e.g. 00:90:33:12:34:56 or 00-90-33-12-34-56")
    String mac;

    @Override
    public Integer call() throws Exception {
        String canonical = canonical(mac, cli.err);
        if (canonical == null) {
            return OperatorCli.USAGE;
        }
        Optional<UnitState> state = database.readOnly(db ->
                new UnitStates(db, new Units(db), Clock.systemUTC()).lastPublished(canonical));
        return show(state, "no unit " + canonical);
    }

    /** The unit's MAC as stored, from what an operator typed; null, and why on {@code err}, if it is none. */
    static String canonical(String typed, PrintStream err) {
        try {
            // operators copy MACs with colons from device labels and logs
            return MacAddress.parse(typed.replace(':', '-')).toString();
        } catch (MalformedMacAddressException e) {
            err.println("not a unit's MAC address: " + e.getMessage());
            return null;
        }
    }
}
