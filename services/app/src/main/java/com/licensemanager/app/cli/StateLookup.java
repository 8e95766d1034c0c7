package com.licensemanager.app.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.Optional;
import java.util.concurrent.Callable;

/** What the read-only lookups share: the database, and how a state or its absence is shown. */
abstract class StateLookup implements Callable<Integer> {

    @ParentCommand
    OperatorCli cli;

    @Mixin
    DatabaseOptions database;

    /** The state as JSON on stdout (the Avro record's own rendering), or why there is none on stderr. */
    int show(Optional<?> state, String absent) {
        if (state.isEmpty()) {
            cli.err.println(absent);
            return OperatorCli.NOT_FOUND_OR_INVALID;
        }
        cli.out.println(state.get());
        return OperatorCli.DONE;
    }
}
