package com.licensemanager.harness;


import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Everything the benchmark starts, and the guarantee that it is stopped again: in reverse order of start by
 * {@link #stopAll()} (called at the end of the run and by a JVM shutdown hook, so also on failure and Ctrl+C), and
 * by a bash watchdog if the driver JVM dies outright ({@code kill -9}). The watchdog reads its stdin, a pipe only
 * this JVM writes to; on end-of-file it runs the cleanup commands it was told about, on "disarm" it exits.
 */
public final class Processes implements AutoCloseable {

    /** Something to stop; {@link #stop()} must be idempotent. */
    public interface Stoppable {
        String name();

        void stop();
    }

    private final Deque<Stoppable> started = new ArrayDeque<>();
    private final Process watchdog;
    private final OutputStream watchdogInput;
    private final Thread hook;
    private boolean stopped;

    public Processes(Path watchdogLog) {
        String script = "trap '' INT HUP TERM\n"
                + "cleanup=''\n"
                + "while IFS= read -r line; do\n"
                + "  case \"$line\" in\n"
                + "    disarm) exit 0 ;;\n"
                + "    run\\ *) cleanup=\"${line#run }\n$cleanup\" ;;\n"
                + "  esac\n"
                + "done\n"
                + "echo \"[bench-watchdog] driver JVM is gone: cleaning up\"\n"
                + "eval \"$cleanup\"\n";
        try {
            watchdog = new ProcessBuilder("bash", "-c", script)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(watchdogLog.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start the watchdog (bash)", e);
        }
        watchdogInput = watchdog.getOutputStream();
        hook = new Thread(this::stopAll, "bench-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Registers something started, and a shell command that stops it should this JVM die without stopping it. */
    public synchronized void register(Stoppable stoppable, String emergencyShellCommand) {
        started.push(stoppable);
        if (emergencyShellCommand != null) {
            tellWatchdog("run " + emergencyShellCommand.replace('\n', ';'));
        }
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

    /** Runs a command to completion (output appended to {@code log}); answers its exit code. */
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
                Console.say("stopping %s", stoppable.name());
                stoppable.stop();
            } catch (RuntimeException e) {
                Console.say("could not stop %s cleanly: %s", stoppable.name(), e);
            }
        }
        tellWatchdog("disarm");
        try {
            watchdog.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watchdog.destroyForcibly();
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

    private synchronized void tellWatchdog(String line) {
        try {
            watchdogInput.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            watchdogInput.flush();
        } catch (IOException e) {
            // watchdog gone: nothing more to tell it
        }
    }
}
