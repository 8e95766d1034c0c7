package com.licensemanager.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A durable PostgreSQL server for the end-to-end drivers (ops/bench, ops/chaos), where {@link PostgresServer} will not
 * do: that one trades durability for speed ({@code fsync=off}) and its Maven Central binaries have neither
 * {@code pgbench} nor {@code pg_stat_statements}. This one uses the machine's PostgreSQL installation
 * ({@code /usr/lib/postgresql/<v>/bin}), so it can be crashed ({@link #crash()}) and recover like a real one:
 * a fresh cluster in a temporary directory on the machine's disk, loopback only, {@code fsync=on},
 * {@code synchronous_commit=on}, {@code full_page_writes=on}. As root the server runs as the {@code postgres} OS
 * user (through {@code runuser}), as it refuses to run as root.
 *
 * <p>Databases: {@code licensing} for the services (owner {@code licensing}, password authentication over TCP,
 * {@code pg_stat_statements} installed) and {@code pgbench} for the baseline.
 */
public final class DurablePostgresServer implements Processes.Stoppable {

    public static final String DATABASE = PostgresServer.DEFAULT_DATABASE;
    /** The database of the pgbench baseline. */
    public static final String BASELINE_DATABASE = "pgbench";
    public static final String USER = PostgresServer.DEFAULT_USERNAME;

    private final Path bin;
    private final Path base;
    private final Path data;
    private final int port;
    private final String password;
    private final boolean asPostgresUser;
    private final Path logDir;
    private boolean stopped;

    private DurablePostgresServer(Path bin, Path base, int port, String password, boolean asPostgresUser, Path logDir) {
        this.bin = bin;
        this.base = base;
        this.data = base.resolve("data");
        this.port = port;
        this.password = password;
        this.asPostgresUser = asPostgresUser;
        this.logDir = logDir;
    }

    /** Initialises, configures and starts a new cluster; registered with {@code processes} to be stopped. */
    public static DurablePostgresServer start(Processes processes, Path configuredBin, Path tempRoot, Path logDir,
                                        List<String> extraSettings) {
        long started = System.nanoTime();
        Path bin = configuredBin != null ? configuredBin : findBinaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path base;
        try {
            base = Files.createTempDirectory(tempRoot, "lm-bench-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] secret = new byte[12];
        new SecureRandom().nextBytes(secret);
        DurablePostgresServer cluster = new DurablePostgresServer(bin, base, Ports.free(),
                HexFormat.of().formatHex(secret), root, logDir);
        Path setupLog = logDir.resolve("postgres-setup.log");
        if (root) {
            Processes.runChecked(List.of("chown", "postgres:postgres", base.toString()), Map.of(), setupLog,
                    Duration.ofSeconds(10));
        }
        Processes.runChecked(List.of("chmod", "700", base.toString()), Map.of(), setupLog, Duration.ofSeconds(10));
        processes.register(cluster, cluster.asOwner(bin.resolve("pg_ctl") + " -D " + cluster.data
                + " -m immediate -w stop") + " >/dev/null 2>&1; rm -rf " + base);

        Processes.runChecked(cluster.asOwner(List.of(bin.resolve("initdb").toString(), "-D", cluster.data.toString(),
                        "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                        "--locale=C")),
                Map.of(), setupLog, Duration.ofMinutes(2));
        List<String> settings = new ArrayList<>(List.of(
                "listen_addresses = '127.0.0.1'",
                "port = " + cluster.port,
                "unix_socket_directories = '" + base + "'",
                "# durability: the point of this server",
                "fsync = on",
                "synchronous_commit = on",
                "full_page_writes = on",
                "shared_buffers = 512MB",
                "max_connections = 200",
                "max_wal_size = 2GB",
                "shared_preload_libraries = 'pg_stat_statements'",
                "pg_stat_statements.track = top",
                "pg_stat_statements.max = 2000",
                "track_wal_io_timing = on",
                "log_min_messages = warning",
                "log_checkpoints = on"));
        settings.addAll(extraSettings);
        try {
            Files.writeString(cluster.data.resolve("postgresql.conf"),
                    "\n# --- ops/bench ---\n" + String.join("\n", settings) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Processes.runChecked(cluster.asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", cluster.data.toString(),
                        "-l", base.resolve("postgres.log").toString(), "-w", "-t", "60", "start")),
                Map.of(), setupLog, Duration.ofSeconds(90));

        cluster.psql("postgres", "create role " + USER + " login password '" + cluster.password + "'");
        cluster.psql("postgres", "create database " + DATABASE + " owner " + USER);
        cluster.psql("postgres", "create database " + BASELINE_DATABASE + " owner " + USER);
        cluster.psql(DATABASE, "create extension pg_stat_statements");
        cluster.psql(DATABASE, "grant pg_read_all_stats to " + USER);
        cluster.psql(DATABASE, "grant execute on function pg_stat_statements_reset(oid, oid, bigint) to " + USER);
        processes.report("PostgreSQL %s ready on 127.0.0.1:%d (fsync=on, synchronous_commit=on, data %s) in %d ms",
                cluster.version(), cluster.port, cluster.data, (System.nanoTime() - started) / 1_000_000);
        return cluster;
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String username() {
        return USER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    public Path bin() {
        return bin;
    }

    /** The cluster's data directory (a restore drill replaces its content with a backup while the server is down). */
    public Path dataDirectory() {
        return data;
    }

    /** The directory of the server's Unix socket: client tools connect there as the superuser, without a password. */
    public Path socketDirectory() {
        return base;
    }

    /** Crashes the server: {@code pg_ctl stop -m immediate} (no checkpoint; crash recovery at the next start). */
    public void crash() {
        Processes.runChecked(asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m",
                "immediate", "-w", "-t", "60", "stop")), Map.of(), logDir.resolve("postgres-setup.log"),
                Duration.ofSeconds(90));
    }

    /** Starts the server again on its data directory and port (after {@link #crash()}), waiting until it accepts. */
    public void startAgain() {
        Processes.runChecked(asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(),
                        "-l", base.resolve("postgres.log").toString(), "-w", "-t", "120", "start")),
                Map.of(), logDir.resolve("postgres-setup.log"), Duration.ofSeconds(150));
    }

    /** The postmaster's pid (first line of {@code postmaster.pid}); its descendants are the backends. */
    public List<Long> postmasterPid() {
        try {
            return List.of(Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The server's settings that matter for durability, as the server reports them. */
    public String setting(String name) {
        return psqlValue(DATABASE, "show " + name);
    }

    public String version() {
        return psqlValue("postgres", "show server_version");
    }

    /** Runs SQL as the superuser over the Unix socket. */
    public void psql(String database, String sql) {
        Processes.runChecked(psqlCommand(database, sql), Map.of(), logDir.resolve("postgres-setup.log"),
                Duration.ofMinutes(2));
    }

    private String psqlValue(String database, String sql) {
        Path out = logDir.resolve("postgres-query.tmp");
        try {
            Files.deleteIfExists(out);
            Processes.runChecked(psqlCommand(database, sql), Map.of(), out, Duration.ofSeconds(30));
            return Files.readString(out).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(out);
            } catch (IOException ignored) {
                // a temp file
            }
        }
    }

    private List<String> psqlCommand(String database, String sql) {
        return List.of(bin.resolve("psql").toString(), "-h", base.toString(), "-p", String.valueOf(port),
                "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-X", "-q", "-t", "-A", "-c", sql);
    }

    @Override
    public String name() {
        return "PostgreSQL on port " + port;
    }

    @Override
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        Path log = logDir.resolve("postgres-setup.log");
        try {
            Processes.run(asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast",
                    "-w", "-t", "60", "stop")), Map.of(), log, Duration.ofSeconds(90));
        } catch (RuntimeException e) {
            Processes.run(asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m",
                    "immediate", "-w", "stop")), Map.of(), log, Duration.ofSeconds(30));
        }
        try {
            Path serverLog = base.resolve("postgres.log");
            if (Files.exists(serverLog)) {
                Files.copy(serverLog, logDir.resolve("postgres.log"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException ignored) {
            // the log is a nicety
        }
        LocalStackSupport.deleteRecursively(base);
    }

    /** {@code command} as the cluster's OS user (as root: through {@code runuser -u postgres}). */
    public List<String> asOwner(List<String> command) {
        if (!asPostgresUser) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private String asOwner(String shellCommand) {
        return asPostgresUser ? "runuser -u postgres -- " + shellCommand : shellCommand;
    }

    private static Path findBinaries() {
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("postgres")) && Files.isExecutable(b.resolve("pgbench")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString()
                            .replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server binaries with pgbench under "
                            + root + "; give --pg-bin=DIR"));
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL server binaries under " + root + "; give --pg-bin=DIR", e);
        }
    }
}
