package com.licensemanager.app.cli;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import picocli.CommandLine.Option;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * The database of the lookups, by default the one the service's containers use ({@code SPRING_DATASOURCE_*}). Every
 * lookup runs in one read-only transaction that is rolled back: it cannot change anything, and it sees one
 * consistent snapshot.
 */
final class DatabaseOptions {

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "default: $SPRING_DATASOURCE_URL, else ${DEFAULT-VALUE}",
            defaultValue = "${env:SPRING_DATASOURCE_URL:-jdbc:postgresql://localhost:5432/licensing}")
    String url;

    @Option(names = "--db-user", paramLabel = "USER", description = "default: $SPRING_DATASOURCE_USERNAME, else ${DEFAULT-VALUE}",
            defaultValue = "${env:SPRING_DATASOURCE_USERNAME:-licensing}")
    String user;

    @Option(names = "--db-password", paramLabel = "PASSWORD", description = "default: $SPRING_DATASOURCE_PASSWORD "
            + "(prefer it: a password given here shows in the process list)",
            defaultValue = "${env:SPRING_DATASOURCE_PASSWORD:-}")
    String password;

    <T> T readOnly(Function<DSLContext, T> lookup) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try {
                return lookup.apply(DSL.using(connection, SQLDialect.POSTGRES));
            } finally {
                connection.rollback();
            }
        }
    }
}
