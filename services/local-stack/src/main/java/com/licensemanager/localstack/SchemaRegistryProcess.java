package com.licensemanager.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apicurio Registry 3.x (its prebuilt Quarkus distribution from Maven Central, see {@link ApicurioDistribution})
 * running as a child process of this JVM on free loopback ports, with in-memory storage unless told otherwise
 * (the chaos run gives it SQL storage on PostgreSQL, as the production compose file does, see {@link #sqlStorage}).
 *
 * <p>For fault injection it can be stopped and started again on the same ports ({@link #stopProcess()},
 * {@link #startAgain()}) and stalled ({@link #pause()}, {@link #resume()}).
 *
 * <p>The child is started with the JDK running this JVM (the registry needs Java 21 or later). Its output goes to
 * {@link #logFile()}. It is stopped by {@link #close()}, by a shutdown hook on a normal JVM exit, and by a
 * {@linkplain Watchdog watchdog} process if this JVM is killed outright.
 */
public final class SchemaRegistryProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryProcess.class);

    public static final String REGISTRY_API_PATH = "/apis/registry/v3";
    public static final String CCOMPAT_API_PATH = "/apis/ccompat/v7";
    /** Default readiness timeout; override with {@code -Dlicensing.local-stack.registry-timeout-seconds}. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private static final int MINIMUM_JAVA = 21;

    private final int port;
    private final int managementPort;
    private final List<String> command;
    private final Map<String, String> environment;
    private volatile Process process;
    private final Path logFile;
    private final Path workDirectory;
    private Watchdog watchdog;
    private final Thread shutdownHook;
    private boolean closed;

    private SchemaRegistryProcess(int port, int managementPort, List<String> command, Map<String, String> environment,
                                  Process process, Path logFile, Path workDirectory) {
        this.port = port;
        this.managementPort = managementPort;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.process = process;
        this.logFile = logFile;
        this.workDirectory = workDirectory;
        this.watchdog = watchdogOf(process);
        this.shutdownHook = LocalStackSupport.shutdownHook("local-stack-registry-shutdown", this::closeQuietly);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Kills the child (and removes its work directory) should this JVM be killed outright. */
    private Watchdog watchdogOf(Process child) {
        long pid = child.pid();
        return Watchdog.start("Apicurio Registry (pid " + pid + ")",
                "kill -CONT " + pid + " 2>/dev/null\n"
                        + "kill -TERM " + pid + " 2>/dev/null\n"
                        + "for i in $(seq 1 100); do kill -0 " + pid + " 2>/dev/null || break; sleep 0.1; done\n"
                        + "kill -KILL " + pid + " 2>/dev/null\n"
                        + "rm -rf " + LocalStackSupport.shellQuote(workDirectory.toString()) + "\n",
                logFile);
    }

    /** Starts the registry and waits until it answers. */
    public static SchemaRegistryProcess launch() {
        return launch(List.of());
    }

    /**
     * The environment that gives the registry SQL storage in a PostgreSQL database (which must exist), as the
     * production compose file configures it: what it stores (artifacts, rules, ids) survives a restart.
     */
    public static Map<String, String> sqlStorage(String jdbcUrl, String username, String password) {
        return Map.of("APICURIO_STORAGE_KIND", "sql",
                "APICURIO_STORAGE_SQL_KIND", "postgresql",
                "APICURIO_DATASOURCE_URL", jdbcUrl,
                "APICURIO_DATASOURCE_USERNAME", username,
                "APICURIO_DATASOURCE_PASSWORD", password);
    }

    /**
     * Starts the registry and waits until it answers.
     *
     * @param extraJvmArguments further JVM arguments for the child, typically {@code -D} settings of the registry
     *        (e.g. {@code -Dapicurio.ccompat.legacy-id-mode.enabled=true}); they come after the defaults and win
     */
    public static SchemaRegistryProcess launch(List<String> extraJvmArguments) {
        return launch(extraJvmArguments, Map.of(), LocalStackSupport.logDirectory());
    }

    /**
     * Starts the registry as one of the processes of an end-to-end run: its log goes to the run's
     * {@code logDirectory}, and it is stopped with the run's other processes.
     */
    public static SchemaRegistryProcess launch(Processes processes, Path logDirectory) {
        return launch(processes, logDirectory, Map.of());
    }

    /**
     * As {@link #launch(Processes, Path)}, with environment variables for the child: its configuration (e.g.
     * {@link #sqlStorage}), kept out of the command line, which {@code ps} shows to everyone.
     */
    public static SchemaRegistryProcess launch(Processes processes, Path logDirectory, Map<String, String> environment) {
        SchemaRegistryProcess registry = launch(List.of(), environment, logDirectory);
        processes.register("Apicurio Registry (pid " + registry.pid() + ")", registry::close,
                "kill -KILL " + registry.pid() + " 2>/dev/null");
        processes.report("Apicurio Registry ready at %s (pid %d)", registry.baseUrl(), registry.pid());
        return registry;
    }

    /**
     * A free port can be taken by another process between our choosing it and the registry binding it (tests,
     * bench and chaos runs start stacks side by side): such a start is tried again on new ports, a few times.
     */
    private static SchemaRegistryProcess launch(List<String> extraJvmArguments, Map<String, String> environment,
                                                Path logDirectory) {
        for (int attempt = 1; ; attempt++) {
            try {
                return launchOnce(extraJvmArguments, environment, logDirectory);
            }
            catch (PortTakenException e) {
                if (attempt == PORT_ATTEMPTS) {
                    throw e;
                }
                log.warn("Apicurio Registry could not bind its port ({}); trying again on other ports", e.getMessage());
            }
        }
    }

    private static final int PORT_ATTEMPTS = 3;

    /** The registry exited because a port it was given was taken by the time it bound it. */
    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }

    private static SchemaRegistryProcess launchOnce(List<String> extraJvmArguments, Map<String, String> environment,
                                                    Path logDirectory) {
        long started = System.nanoTime();
        Path home = ApicurioDistribution.home();
        int port = Ports.free();
        int managementPort = Ports.free();
        Path logFile = logDirectory.resolve("apicurio-registry-" + port + ".log");
        Path workDirectory;
        try {
            workDirectory = Files.createTempDirectory("license-manager-registry-");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xshare:auto");
        command.add("-Djava.io.tmpdir=" + workDirectory);
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.management.host=127.0.0.1");
        command.add("-Dquarkus.management.port=" + managementPort);
        command.add("-Dquarkus.console.color=false");
        command.addAll(extraJvmArguments);
        command.add("-jar");
        command.add(home.resolve(ApicurioDistribution.RUNNER_JAR).toString());

        Process process;
        try {
            process = spawn(command, environment, workDirectory, logFile);
        }
        catch (IOException e) {
            LocalStackSupport.deleteRecursively(workDirectory);
            throw new IllegalStateException("Could not start Apicurio Registry: " + command, e);
        }
        SchemaRegistryProcess registry;
        try {
            registry = new SchemaRegistryProcess(port, managementPort, command, environment, process, logFile,
                    workDirectory);
        }
        catch (RuntimeException e) {
            process.destroyForcibly();
            LocalStackSupport.deleteRecursively(workDirectory);
            throw e;
        }
        try {
            registry.awaitReady(startupTimeout());
        }
        catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        log.info("Apicurio Registry ready at {} (pid {}, management port {}) in {} ms; log {}", registry.baseUrl(),
                process.pid(), managementPort, (System.nanoTime() - started) / 1_000_000, logFile);
        return registry;
    }

    private static Process spawn(List<String> command, Map<String, String> environment, Path workDirectory,
                                 Path logFile) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** An outage: stops the registry process (SIGTERM, SIGKILL after 10 s), keeping its ports and configuration. */
    public synchronized void stopProcess() {
        stopChild();
        watchdog.disarm();
        log.info("Apicurio Registry at {} stopped for an outage", baseUrl());
    }

    /**
     * Starts the registry again on the same ports with the same configuration and waits until it answers. What it
     * held survives only with SQL storage ({@link #sqlStorage}); in memory it starts empty.
     */
    public synchronized void startAgain() {
        if (process.isAlive()) {
            throw new IllegalStateException("Apicurio Registry is still running (pid " + process.pid() + ")");
        }
        long started = System.nanoTime();
        try {
            process = spawn(command, environment, workDirectory, logFile);
        }
        catch (IOException e) {
            throw new IllegalStateException("Could not start Apicurio Registry again: " + command, e);
        }
        watchdog = watchdogOf(process);
        awaitReady(startupTimeout());
        log.info("Apicurio Registry restarted at {} (pid {}) in {} ms", baseUrl(), process.pid(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * A stall: SIGSTOP. The kernel still accepts connections on its ports, but nothing reads or answers them until
     * {@link #resume()}.
     */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}: the registry answers again, the requests that waited first. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        long pid = process.pid();
        int exit = Processes.run(List.of("kill", "-" + name, Long.toString(pid)), Map.of(), logFile,
                Duration.ofSeconds(10));
        if (exit != 0) {
            throw new IllegalStateException("kill -" + name + " " + pid + " failed with exit code " + exit);
        }
    }

    /** {@code http://127.0.0.1:<port>} */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** {@link #baseUrl()} + {@value #REGISTRY_API_PATH}: what the Apicurio serdes want. */
    public String registryApiUrl() {
        return baseUrl() + REGISTRY_API_PATH;
    }

    /** {@link #baseUrl()} + {@value #CCOMPAT_API_PATH}: the Confluent-compatible API. */
    public String ccompatUrl() {
        return baseUrl() + CCOMPAT_API_PATH;
    }

    public int port() {
        return port;
    }

    public int managementPort() {
        return managementPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The child's stdout and stderr. */
    public Path logFile() {
        return logFile;
    }

    /** Stops the child (SIGTERM, then SIGKILL after 10 s). Idempotent. */
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
        stopChild();
        watchdog.disarm();
        LocalStackSupport.deleteRecursively(workDirectory);
        log.info("Apicurio Registry at {} stopped", baseUrl());
    }

    private void stopChild() {
        Process child = process;
        if (child.isAlive()) {
            // a stalled child would act on the SIGTERM only once continued
            Processes.run(List.of("kill", "-CONT", Long.toString(child.pid())), Map.of(), logFile,
                    Duration.ofSeconds(10));
        }
        child.destroy();
        try {
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                log.warn("Apicurio Registry (pid {}) did not stop within 10 s: killing it", child.pid());
                child.destroyForcibly();
                child.waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.destroyForcibly();
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(registryApiUrl() + "/system/info"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastProblem = "no answer yet";
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    String tail = LocalStackSupport.tail(logFile, 60);
                    String message = "Apicurio Registry exited with code " + process.exitValue()
                            + " before it was ready; log " + logFile + ", tail:\n" + tail;
                    throw tail.contains("seems to be in use by another process")
                            ? new PortTakenException(message) : new IllegalStateException(message);
                }
                try {
                    HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        return;
                    }
                    lastProblem = "HTTP " + response.statusCode();
                }
                catch (IOException e) {
                    lastProblem = e.toString();
                }
                // poll interval: the child is starting on its own, there is nothing to wait on but time
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Apicurio Registry", e);
        }
        finally {
            client.close();
        }
        throw new IllegalStateException("Apicurio Registry did not become ready at " + baseUrl() + " within "
                + timeout.toSeconds() + " s (" + lastProblem + "); log " + logFile + ", tail:\n"
                + LocalStackSupport.tail(logFile, 60));
    }

    private static Duration startupTimeout() {
        String configured = System.getProperty("licensing.local-stack.registry-timeout-seconds");
        return configured == null ? DEFAULT_STARTUP_TIMEOUT : Duration.ofSeconds(Long.parseLong(configured.trim()));
    }

    /** The {@code java} launcher of the running JVM, which must be Java 21 or later. */
    static String javaExecutable() {
        if (Runtime.version().feature() < MINIMUM_JAVA) {
            throw new IllegalStateException("Apicurio Registry needs Java " + MINIMUM_JAVA + "+, but this JVM is "
                    + Runtime.version() + "; run with a JDK " + MINIMUM_JAVA + "+ (JAVA_HOME)");
        }
        Optional<String> command = ProcessHandle.current().info().command();
        if (command.isPresent() && Path.of(command.get()).getFileName().toString().equals("java")
                && Files.isExecutable(Path.of(command.get()))) {
            return command.get();
        }
        Path fromHome = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(fromHome)) {
            return fromHome.toString();
        }
        throw new IllegalStateException("Cannot find the java launcher of this JVM (java.home="
                + System.getProperty("java.home") + ")");
    }

    @Override
    public String toString() {
        return "SchemaRegistryProcess[" + baseUrl() + ", pid " + process.pid() + "]";
    }
}
