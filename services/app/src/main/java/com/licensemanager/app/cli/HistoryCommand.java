package com.licensemanager.app.cli;

import com.licensemanager.state.history.History;
import com.licensemanager.state.history.SubjectKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.sql.SQLException;
import java.util.concurrent.Callable;

/**
 * {@code history unit MAC} and {@code history balance OWNER}: every history entry of a unit or balance, read from
 * PostgreSQL (read-only), oldest first, one line each: the JSON of the {@code HistoryEntry} that
 * {@code licensing.history.v1} carries for it. Answers "who licensed this box, and when?" and "why did our balance
 * drop?" for vendor staff; exit status 1 when the subject has no entry (unknown, or unchanged since issue 17).
 */
@Command(name = "history", description = "Every change of a unit or balance, oldest first (read-only, from PostgreSQL), "
        + "one JSON line per entry as licensing.history.v1 carries it.",
        subcommands = {HistoryCommand.OfUnit.class, HistoryCommand.OfBalance.class})
final class HistoryCommand implements Runnable {

    @ParentCommand
    OperatorCli cli;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name what: history unit MAC, history balance OWNER");
    }

    /** What both lookups share: the database, and how the entries or their absence are shown. */
    abstract static class Lookup implements Callable<Integer> {

        @ParentCommand
        HistoryCommand history;

        @Mixin
        DatabaseOptions database;

        int show(SubjectKind kind, String subject, String absent) throws SQLException {
            var entries = database.readOnly(db -> new History(db).of(kind, subject));
            if (entries.isEmpty()) {
                history.cli.err.println(absent);
                return OperatorCli.NOT_FOUND_OR_INVALID;
            }
            entries.forEach(history.cli.out::println);
            return OperatorCli.DONE;
        }
    }

    @Command(name = "unit", description = "The history of a unit: shipped, licensed, added, shared, moved, RMA, ...")
    static final class OfUnit extends Lookup {

        @Parameters(paramLabel = "MAC", description = "e.g. 00:90:33:12:34:56 or 00-90-33-12-34-56")
        String mac;

        @Override
        public Integer call() throws Exception {
            String canonical = UnitCommand.canonical(mac, history.cli.err);
            return canonical == null ? OperatorCli.USAGE
                    : show(SubjectKind.UNIT, canonical, "no history of unit " + canonical);
        }
    }

    @Command(name = "balance", description = "The history of a balance: keys redeemed, licenses assigned, transfer keys, refunds, ...")
    static final class OfBalance extends Lookup {

        @Parameters(paramLabel = "OWNER", description = "account id or group id")
        String owner;

        @Override
        public Integer call() throws Exception {
            return show(SubjectKind.BALANCE, owner, "no history of balance " + owner);
        }
    }
}
