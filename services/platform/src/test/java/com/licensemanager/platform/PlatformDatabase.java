package com.licensemanager.platform;

import com.licensemanager.localstack.PostgresServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Locale;

import static com.licensemanager.platform.db.Tables.INBOX;
import static com.licensemanager.platform.db.Tables.OUTBOX;
import static com.licensemanager.platform.db.Tables.OUTBOX_PARKED;

/**
 * A real PostgreSQL for the platform's direct tests, without Kafka or a registry: one server per test JVM (started
 * through local-stack, the project's one launcher), one database per test class, migrated by the platform's own
 * Flyway scripts, with an empty inbox and outbox before each test. The only place these tests learn how
 * PostgreSQL is started, so a change of launcher is made here.
 *
 * <p>Use: {@code @RegisterExtension static final PlatformDatabase database = new PlatformDatabase();}
 *
 * <p>jOOQ and the transaction template are wired as Spring Boot wires them in the service: jOOQ reaches its
 * connection through a transaction-aware proxy, so statements join the transaction the template opened.
 */
public final class PlatformDatabase implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private static PostgresServer server;

    private HikariDataSource pool;
    private DSLContext db;
    private TransactionTemplate transactions;

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        PostgresServer postgres = server();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.createDatabase("platform_" + testClass.getSimpleName().toLowerCase(Locale.ROOT)));
        config.setUsername(postgres.username());
        config.setPassword(postgres.password());
        config.setMaximumPoolSize(4);
        config.setPoolName(testClass.getSimpleName());
        pool = new HikariDataSource(config);
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        db = DSL.using(new TransactionAwareDataSourceProxy(pool), SQLDialect.POSTGRES);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(pool));
    }

    /** Each test starts from a database that has handled, published and parked nothing. */
    @Override
    public void beforeEach(ExtensionContext context) {
        db.truncate(INBOX).execute();
        db.truncate(OUTBOX).execute();
        db.truncate(OUTBOX_PARKED).execute();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        pool.close();
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
}
