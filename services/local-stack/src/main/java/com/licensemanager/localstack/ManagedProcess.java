package com.licensemanager.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child process of the driver, stopped with its whole process tree. */
public final class ManagedProcess implements Processes.Stoppable {

    private final String name;
    private final Process process;
    private final Path log;
    private final Duration grace;
    private boolean stopped;

    ManagedProcess(String name, Process process, Path log, Duration grace) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.grace = grace;
    }

    @Override
    public String name() {
        return name + " (pid " + process.pid() + ")";
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    public Process process() {
        return process;
    }

    @Override
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        killTree(process.toHandle(), grace);
    }

    /** SIGTERM to the process and its descendants (deepest first), SIGKILL to whatever is left after {@code grace}. */
    static void killTree(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = new java.util.ArrayList<>(root.descendants().toList());
        java.util.Collections.reverse(tree);
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : tree) {
            long remaining = deadline - System.nanoTime();
            try {
                if (remaining > 0) {
                    handle.onExit().get(remaining, TimeUnit.NANOSECONDS);
                }
            } catch (Exception timedOut) {
                // killed below
            }
            if (handle.isAlive()) {
                handle.destroyForcibly();
            }
        }
    }
}
