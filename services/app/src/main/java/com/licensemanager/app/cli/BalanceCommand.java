package com.licensemanager.app.cli;

import com.licensemanager.schemas.licensing.BalanceState;
import com.licensemanager.state.accounts.Accounts;
import com.licensemanager.state.balances.BalanceStates;
import com.licensemanager.state.balances.Balances;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.util.Optional;

/**
 * {@code balance OWNER}: the balance of an account or group, read from PostgreSQL, printed as the JSON of the
 * {@code BalanceState} that {@code licensing.balances.v1} carries for it (same version; {@code updatedAt} is the time
 * of the lookup).
 */
@Command(name = "balance", description = "The current balance of an account or group (read-only, from PostgreSQL), as licensing.balances.v1 carries it.")
final class BalanceCommand extends StateLookup {

    @Parameters(paramLabel = "OWNER", description = "account id or group id")
    String owner;

    @Override
    public Integer call() throws Exception {
        Optional<BalanceState> state = database.readOnly(db ->
                new BalanceStates(db, new Balances(db), new Accounts(db), Clock.systemUTC()).lastPublished(owner));
        return show(state, "no balance of " + owner);
    }
}
