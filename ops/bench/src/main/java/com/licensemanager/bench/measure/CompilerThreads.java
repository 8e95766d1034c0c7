package com.licensemanager.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU the service's JIT compiler threads used, from {@code /proc/<pid>/task/<tid>/stat}. Micrometer's
 * {@code jvm_compilation_time_ms_total} is the compilations' elapsed time: on a saturated machine a compiler thread
 * waiting for a core still counts, so it can exceed the process's whole CPU; the threads' own CPU says how much of the
 * service's CPU the JIT took. HotSpot starts and ends compiler threads as needed, and a thread that ended between two
 * snapshots takes its CPU with it, so this is a lower bound.
 */
public final class CompilerThreads {

    private CompilerThreads() {
    }

    /** CPU seconds of each live JIT compiler thread of {@code pid}, by thread id; empty if the process is gone. */
    public static Map<Long, Double> cpuSeconds(long pid) {
        Map<Long, Double> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    Double seconds = compilerCpuSeconds(stat);
                    if (seconds != null) {
                        threads.put(Long.parseLong(task.getFileName().toString()), seconds);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return threads;
    }

    /**
     * A thread's user + system CPU seconds from its {@code stat} line if it is a JIT compiler thread ("C1/C2
     * CompilerThreadN", cut to 15 characters by the kernel), else null.
     */
    static Double compilerCpuSeconds(String stat) {
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
            return null;
        }
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state): utime is field 14, stime 15
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CpuAccounting.TICKS_PER_SECOND;
    }

    /**
     * The compiler threads' CPU during a phase of {@code seconds}, over instances (snapshots per instance, in the same
     * order): seconds, cores, and their share of the service's CPU ({@code serviceCpuSeconds}). A thread started
     * during the phase counts from zero.
     */
    public static Map<String, Object> delta(List<Map<Long, Double>> before, List<Map<Long, Double>> after,
                                            double seconds, double serviceCpuSeconds) {
        double cpu = 0;
        for (int i = 0; i < after.size(); i++) {
            Map<Long, Double> b = i < before.size() ? before.get(i) : Map.of();
            for (Map.Entry<Long, Double> thread : after.get(i).entrySet()) {
                cpu += Math.max(0, thread.getValue() - b.getOrDefault(thread.getKey(), 0.0));
            }
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("jitThreadsCpuSeconds", cpu);
        map.put("jitThreadsCores", seconds > 0 ? cpu / seconds : null);
        map.put("jitShareOfServiceCpu", serviceCpuSeconds > 0 ? cpu / serviceCpuSeconds : null);
        return map;
    }
}
