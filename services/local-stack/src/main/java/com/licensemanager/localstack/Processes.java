package com.licensemanager.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Everything a run of an end-to-end driver (ops/bench, ops/chaos) starts, and the guarantee that it is stopped
 * again: in reverse order of start by {@link #stopAll()} (called at the end of the run and by a JVM shutdown hook, so
 * also on failure and Ctrl+C), and by a {@link Watchdog} if the driver JVM dies outright ({@code kill -9}), which runs
 * the emergency commands registered with each process.
 */
public final class Processes implements AutoCloseable {

    /** Something to stop; {@link #stop()} must be idempotent. */
    public interface Stoppable {
        String name();

        void stop();
    }

    private final Deque<Stoppable> started = new ArrayDeque<>();
    private final Consumer<String> progress;
    private final Watchdog watchdog;
    private final Thread hook;
    private boolean stopped;

    /**
     * @param watchdogLog where the watchdog writes what it cleans up
     * @param progress where the launchers report what they started and stopped (the driver's console)
     */
    public Processes(Path watchdogLog, Consumer<String> progress) {
        this.progress = progress;
        watchdog = Watchdog.start("the processes of driver JVM " + ProcessHandle.current().pid(), "", watchdogLog);
        hook = new Thread(this::stopAll, "processes-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** A progress line for the driver's console. */
    void report(String format, Object... args) {
        progress.accept(String.format(Locale.ROOT, format, args));
    }

    /** Registers something started, and a shell command that stops it should this JVM die without stopping it. */
    public synchronized void register(Stoppable stoppable, String emergencyShellCommand) {
        started.push(stoppable);
        if (emergencyShellCommand != null) {
            watchdog.addCleanup(emergencyShellCommand);
        }
    }

    /** Registers something started that is stopped by {@code stop}, see {@link #register(Stoppable, String)}. */
    public void register(String name, Runnable stop, String emergencyShellCommand) {
        register(new Stoppable() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void stop() {
                stop.run();
            }
        }, emergencyShellCommand);
    }

    /**
     * Starts a child process with its output appended to {@code log}, registered to be stopped (the whole process
     * tree: SIGTERM, then SIGKILL after {@code grace}).
     */
    public ManagedProcess start(String name, List<String> command, Map<String, String> environment, Path workDir,
                                Path log, Duration grace) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name + ": " + command, e);
        }
        ManagedProcess managed = new ManagedProcess(name, process, log, grace);
        register(managed, "kill -KILL " + process.pid() + " 2>/dev/null");
        return managed;
    }

    /** {@link #output(List, Duration)} with two minutes to finish. */
    public static String output(List<String> command) {
        return output(command, Duration.ofSeconds(120));
    }

    /** Runs a short diagnostic command and answers what it printed (stdout and stderr), or "" if it could not run. */
    public static String output(List<String> command, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return new String(out, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Runs a command to completion (output appended to {@code log}); answers its exit code. */
    public static int run(List<String> command, Map<String, String> environment, Path log, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ManagedProcess.killTree(process.toHandle(), Duration.ofSeconds(5));
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s: " + command);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** Like {@link #run} but fails unless the exit code is 0. */
    public static void runChecked(List<String> command, Map<String, String> environment, Path log, Duration timeout) {
        int code = run(command, environment, log, timeout);
        if (code != 0) {
            throw new IllegalStateException("exit code " + code + " from " + command + "; see " + log);
        }
    }

    /** Stops everything registered, last started first. Idempotent. */
    public void stopAll() {
        List<Stoppable> toStop;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            toStop = new ArrayList<>(started);
            started.clear();
        }
        for (Stoppable stoppable : toStop) {
            try {
                report("stopping %s", stoppable.name());
                stoppable.stop();
            } catch (RuntimeException e) {
                report("could not stop %s cleanly: %s", stoppable.name(), e);
            }
        }
        watchdog.disarm();
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running already
        }
    }
}
