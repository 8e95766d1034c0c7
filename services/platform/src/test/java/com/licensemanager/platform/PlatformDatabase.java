package com.licensemanager.platform;

import com.licensemanager.localstack.PostgresServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Locale;

import static com.licensemanager.platform.db.Tables.INBOX;
import static com.licensemanager.platform.db.Tables.OUTBOX;

/**
 * A real PostgreSQL for the platform's direct tests, without Kafka or a registry: one server per test JVM (started
 * through local-stack, the project's one launcher), one database per test class, migrated by the platform's own
 * Flyway scripts. The only place these tests learn how PostgreSQL is started, so a change of launcher is made here.
 *
 * <p>jOOQ and the transaction template are wired as Spring Boot wires them in the service: jOOQ reaches its
 * connection through a transaction-aware proxy, so statements join the transaction the template opened.
 */
public final class PlatformDatabase implements AutoCloseable {

    private static PostgresServer server;

    private final HikariDataSource pool;
    private final DSLContext db;
    private final TransactionTemplate transactions;

    private PlatformDatabase(HikariDataSource pool) {
        this.pool = pool;
        this.db = DSL.using(new TransactionAwareDataSourceProxy(pool), SQLDialect.POSTGRES);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(pool));
    }

    /** A freshly migrated database of its own for {@code testClass}, on the JVM's shared server. */
    public static PlatformDatabase forTests(Class<?> testClass) {
        PostgresServer postgres = server();
        String jdbcUrl = postgres.createDatabase("platform_" + testClass.getSimpleName().toLowerCase(Locale.ROOT));
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(postgres.username());
        config.setPassword(postgres.password());
        config.setMaximumPoolSize(4);
        config.setPoolName(testClass.getSimpleName());
        HikariDataSource pool = new HikariDataSource(config);
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        return new PlatformDatabase(pool);
    }

    /** Started on first use, stopped by its own shutdown hook when the test JVM exits. */
    private static synchronized PostgresServer server() {
        if (server == null) {
            server = PostgresServer.launch();
        }
        return server;
    }

    public DSLContext db() {
        return db;
    }

    public TransactionTemplate transactions() {
        return transactions;
    }

    /** Empties the inbox and the outbox, so each test starts from a database that has handled nothing. */
    public void clearInboxAndOutbox() {
        db.truncate(INBOX).execute();
        db.truncate(OUTBOX).execute();
    }

    @Override
    public void close() {
        pool.close();
    }
}
