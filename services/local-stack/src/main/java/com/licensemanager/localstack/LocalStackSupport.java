package com.licensemanager.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Small helpers shared by the components: directories, log tails, shutdown hooks. */
final class LocalStackSupport {

    /** System property: directory for the child processes' log files. */
    static final String LOG_DIR_PROPERTY = "licensing.local-stack.log-dir";
    /** System property: directory where unpacked distributions are cached across runs. */
    static final String CACHE_DIR_PROPERTY = "licensing.local-stack.cache-dir";

    private static final Set<Integer> HANDED_OUT_PORTS = ConcurrentHashMap.newKeySet();

    private LocalStackSupport() {
    }

    /** Where child-process logs go: {@code -Dlicensing.local-stack.log-dir}, else {@code ./target/local-stack}, else a temp dir. */
    static Path logDirectory() {
        String configured = System.getProperty(LOG_DIR_PROPERTY);
        Path dir;
        if (configured != null && !configured.isBlank()) {
            dir = Path.of(configured);
        }
        else if (Files.isDirectory(Path.of("target"))) {
            dir = Path.of("target", "local-stack");
        }
        else {
            dir = Path.of(System.getProperty("java.io.tmpdir"), "license-manager-local-stack");
        }
        try {
            return Files.createDirectories(dir).toAbsolutePath();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not create log directory " + dir, e);
        }
    }

    /** {@code -Dlicensing.local-stack.cache-dir}, else {@code $XDG_CACHE_HOME/license-manager}, else {@code ~/.cache/license-manager}. */
    static Path cacheDirectory() {
        String configured = System.getProperty(CACHE_DIR_PROPERTY);
        Path dir;
        if (configured != null && !configured.isBlank()) {
            dir = Path.of(configured);
        }
        else {
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
            dir = base.resolve("license-manager");
        }
        try {
            return Files.createDirectories(dir).toAbsolutePath();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not create cache directory " + dir, e);
        }
    }

    /** The last {@code lines} lines of a (text) file, or a note why there are none. */
    static String tail(Path file, int lines) {
        if (file == null || !Files.isRegularFile(file)) {
            return "(no log file " + file + ")";
        }
        Deque<String> last = new ArrayDeque<>(lines);
        try (Stream<String> stream = Files.lines(file, StandardCharsets.UTF_8)) {
            stream.forEach(line -> {
                if (last.size() == lines) {
                    last.removeFirst();
                }
                last.addLast(line);
            });
        }
        catch (IOException | UncheckedIOException e) {
            return "(could not read " + file + ": " + e.getMessage() + ")";
        }
        return String.join(System.lineSeparator(), last);
    }

    static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                }
                catch (IOException ignored) {
                    // best effort
                }
            });
        }
        catch (IOException ignored) {
            // best effort
        }
    }

    /** Single-quotes a string for bash. */
    static String shellQuote(String value) {
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }

    /**
     * Names of the JVM shutdown-hook threads that close Spring application contexts (Spring Framework's
     * {@code AbstractApplicationContext.SHUTDOWN_HOOK_THREAD_NAME} and Spring Boot's
     * {@code SpringApplicationShutdownHook}).
     */
    private static final Set<String> APPLICATION_SHUTDOWN_HOOKS =
            Set.of("SpringContextShutdownHook", "SpringApplicationShutdownHook");

    /**
     * A shutdown hook that stops a component only after the applications using it have closed: JVM shutdown hooks
     * run concurrently, and stopping Kafka or PostgreSQL under a closing application context makes its consumers
     * and pools wait and complain. The hook therefore first joins the Spring context shutdown hooks (at most
     * 30 s), then runs {@code action}.
     */
    static Thread shutdownHook(String name, Runnable action) {
        return new Thread(() -> {
            awaitApplicationShutdownHooks(java.time.Duration.ofSeconds(30));
            action.run();
        }, name);
    }

    private static void awaitApplicationShutdownHooks(java.time.Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread == Thread.currentThread() || !APPLICATION_SHUTDOWN_HOOKS.contains(thread.getName())) {
                continue;
            }
            long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                return;
            }
            try {
                thread.join(remainingMillis);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Whether the JVM is running its shutdown hooks (it refuses new hooks then). */
    static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        }
        catch (IllegalStateException e) {
            return true;
        }
    }

    static void removeShutdownHook(Thread hook) {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or will run: nothing to do
        }
    }
}
