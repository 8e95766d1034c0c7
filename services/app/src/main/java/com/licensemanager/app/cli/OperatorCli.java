package com.licensemanager.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * The operator's command line in the service jar: {@code java -jar license-manager.jar cli <command> ...}. It starts
 * no Spring context, so no consumer, relay or timer worker runs; each command opens the one connection it needs
 * (PostgreSQL read-only, or Kafka for a re-drive) and exits. Usage and examples: docs/runbook.md, "Operator CLI".
 *
 * <p>Exit status: 0 done, 1 not found or invalid (a unit, a balance, a license file), 2 wrong usage or
 * unreadable input.
 */
@Command(name = "license-manager.jar cli", mixinStandardHelpOptions = true,
        description = "License Manager operator commands; none starts the service's consumers.",
        subcommands = {RedriveCommand.class, UnitCommand.class, BalanceCommand.class, HistoryCommand.class,
                VerifyCommand.class})
public final class OperatorCli implements Runnable {

    /** The first argument of the jar that selects the CLI instead of the service. */
    public static final String COMMAND = "cli";
    public static final int DONE = 0;
    public static final int NOT_FOUND_OR_INVALID = 1;
    public static final int USAGE = 2;

    final PrintStream out;
    final PrintStream err;

    OperatorCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs one command; the arguments follow {@value #COMMAND}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        OperatorCli cli = new OperatorCli(out, err);
        CommandLine commandLine = new CommandLine(cli)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    // a failure of the command itself (database or broker unreachable): one line, not a trace
                    err.println(line.getCommandName() + " failed: " + e);
                    return USAGE;
                });
        int status = commandLine.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    @Override
    public void run() {
        // no command given
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command: redrive, unit, balance, history, verify");
    }
}
