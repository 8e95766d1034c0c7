package com.licensemanager.localstack;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny bash process that runs a cleanup script when this JVM dies, however it dies (even {@code kill -9}).
 *
 * <p>The watchdog reads its standard input, a pipe whose only writer is this JVM (the JDK closes every other
 * descriptor in the processes it spawns, so no other child inherits it). When the JVM exits the kernel closes
 * the pipe, {@code read} sees end-of-file and the cleanup runs: the script it was started with, then the commands
 * {@linkplain #addCleanup(String) added} since, last added first (something started later may depend on something
 * started earlier). An orderly shutdown {@linkplain #disarm() disarms} the watchdog first by writing {@code disarm},
 * after which it exits without cleaning up. It ignores SIGINT, SIGHUP and SIGTERM so that a Ctrl-C in a terminal (or
 * a signal to the whole process group) reaches the JVM's shutdown hooks rather than leaving the cleanup undone.
 */
final class Watchdog {

    private static final Logger log = LoggerFactory.getLogger(Watchdog.class);

    private final String name;
    private final Process process;
    private final OutputStream stdin;

    private Watchdog(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = process.getOutputStream();
    }

    /**
     * @param name what is guarded, for logs
     * @param cleanupScript bash commands run once this JVM is gone
     * @param logFile where the watchdog's own output goes (appended)
     */
    static Watchdog start(String name, String cleanupScript, Path logFile) {
        String script = "trap '' INT HUP TERM\n"
                + "added=''\n"
                + "while IFS= read -r line; do\n"
                + "  case \"$line\" in\n"
                + "    disarm) exit 0 ;;\n"
                + "    run\\ *) added=\"${line#run }\n$added\" ;;\n"
                + "  esac\n"
                + "done\n"
                + "echo \"[watchdog] parent JVM " + ProcessHandle.current().pid() + " is gone: cleaning up " + name + "\"\n"
                + cleanupScript + "\n"
                + "eval \"$added\"\n";
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            Process process = builder.start();
            log.debug("Watchdog for {} started as pid {}", name, process.pid());
            return new Watchdog(name, process);
        }
        catch (IOException e) {
            throw new IllegalStateException("Could not start the watchdog for " + name + " (is bash installed?)", e);
        }
    }

    /** One more shell command (a single line) to run should this JVM die. */
    synchronized void addCleanup(String shellCommand) {
        try {
            stdin.write(("run " + shellCommand.replace('\n', ';') + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }
        catch (IOException ignored) {
            // it is gone already: nothing more to tell it
        }
    }

    /** Tells the watchdog that the guarded processes were dealt with; it exits without running its cleanup. */
    synchronized void disarm() {
        try {
            stdin.write("disarm\n".getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
            stdin.close();
        }
        catch (IOException ignored) {
            // it is gone already
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        log.debug("Watchdog for {} disarmed", name);
    }

    long pid() {
        return process.pid();
    }
}
