package com.licensemanager.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where the machine's CPU went during a phase: CPU time of each component (from {@code /proc/<pid>/stat}, the process
 * and its live descendants, plus the reaped children's time for PostgreSQL's postmaster), and the machine's total
 * busy time (from {@code /proc/stat}); what is busy but none of ours belongs to other work on the machine.
 */
public final class CpuAccounting {

    static final double TICKS_PER_SECOND = 100.0; // USER_HZ (getconf CLK_TCK) on Linux
    /** The components' names, as they appear in summary.json. */
    public static final String SERVICE = "service instances";
    public static final String POSTGRES = "PostgreSQL";
    public static final String BROKER = "Kafka broker";
    public static final String REGISTRY = "schema registry";
    public static final String DRIVER = "benchmark driver (incl. jcmd, jfr)";
    public static final String ECHO = "Kafka echo";
    public static final String OTHER = "not ours (other work on the machine)";

    /** A component: a name and a way to find its root processes at the time of a snapshot. */
    public record Component(String name, Supplier<List<Long>> roots, boolean liveDescendants,
                            boolean reapedChildren) {
    }

    /** Cumulative CPU seconds per component and of the whole machine at one moment. */
    public record Snapshot(long nanoTime, Map<String, Double> seconds, double machineBusy, double machineTotal) {
    }

    private final List<Component> components = new ArrayList<>();

    /**
     * @param liveDescendants count the live descendants too (PostgreSQL's backends); not for the driver, whose
     *                        children are components of their own
     * @param reapedChildren  count the CPU of children that exited and were waited for (PostgreSQL's backends that
     *                        ended; the driver's short-lived tools such as jcmd and jfr)
     */
    public void add(String name, Supplier<List<Long>> roots, boolean liveDescendants, boolean reapedChildren) {
        components.add(new Component(name, roots, liveDescendants, reapedChildren));
    }

    public Snapshot snapshot() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (Component component : components) {
            double total = 0;
            for (long root : safe(component.roots)) {
                total += processSeconds(root, component.reapedChildren);
                if (component.liveDescendants) {
                    for (ProcessHandle child : ProcessHandle.of(root).map(h -> h.descendants().toList())
                            .orElse(List.of())) {
                        total += processSeconds(child.pid(), false);
                    }
                }
            }
            seconds.put(component.name, total);
        }
        double[] machine = machine();
        return new Snapshot(System.nanoTime(), seconds, machine[0], machine[1]);
    }

    /** CPU used between two snapshots: per component in ms per request and in cores, the machine in cores. */
    public static Map<String, Object> delta(Snapshot before, Snapshot after, int requests) {
        double wall = (after.nanoTime - before.nanoTime) / 1e9;
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("wallSeconds", wall);
        Map<String, Object> components = new LinkedHashMap<>();
        double ours = 0;
        for (Map.Entry<String, Double> entry : after.seconds.entrySet()) {
            double used = entry.getValue() - before.seconds.getOrDefault(entry.getKey(), 0.0);
            ours += used;
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("cpuSeconds", used);
            c.put("cores", wall > 0 ? used / wall : null);
            c.put("cpuMsPerRequest", requests > 0 ? used * 1000 / requests : null);
            components.put(entry.getKey(), c);
        }
        double busy = after.machineBusy - before.machineBusy;
        double total = after.machineTotal - before.machineTotal;
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("cpuSeconds", Math.max(0, busy - ours));
        other.put("cores", wall > 0 ? Math.max(0, busy - ours) / wall : null);
        components.put(OTHER, other);
        map.put("components", components);
        map.put("machineBusyCores", wall > 0 ? busy / wall : null);
        map.put("machineCores", wall > 0 ? total / wall : null);
        map.put("machineBusyFraction", total > 0 ? busy / total : null);
        map.put("oursCpuMsPerRequest", requests > 0 ? ours * 1000 / requests : null);
        return map;
    }

    private static List<Long> safe(Supplier<List<Long>> roots) {
        try {
            return roots.get();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static double processSeconds(long pid, boolean includeReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name (field 2) may contain spaces: fields are counted after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17
            double ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (includeReapedChildren) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            }
            return ticks / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Busy and total CPU seconds of the machine (all cores). */
    private static double[] machine() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]); // user nice system idle iowait irq softirq steal
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new double[] {(total - idle) / TICKS_PER_SECOND, total / TICKS_PER_SECOND};
        } catch (IOException | RuntimeException e) {
            return new double[] {0, 0};
        }
    }
}
