package com.licensemanager.bench.measure;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few series of the service's {@code /actuator/prometheus} scrape that explain a phase: the license-request
 * consumer's batches ({@code licensing_consumer_batch_seconds}), GC pauses, CPU time and the JIT compilers' time
 * ({@code jvm_compilation_time_ms_total}: after the max-rate phase C2 keeps compiling the light-load paths, and on 2
 * cores that competes with the requests).
 */
public final class ServiceMetrics {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");
    static final String REQUESTS_CONSUMER = "consumer=\"license-requests\"";
    /**
     * Micrometer's JvmCompilationMetrics: the JIT's accumulated compilation time in ms (HotSpot times each compilation
     * from start to end, so it is elapsed time, summed over the compiler threads).
     */
    static final String COMPILATION_MS = "jvm_compilation_time_ms_total";

    private final Map<String, Double> values;

    private ServiceMetrics(Map<String, Double> values) {
        this.values = values;
    }

    public static ServiceMetrics parse(String scrape) {
        Map<String, Double> values = new HashMap<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.find()) {
                continue;
            }
            String name = m.group(1);
            String labels = m.group(2) == null ? "" : m.group(2);
            double value;
            try {
                value = Double.parseDouble(m.group(3));
            } catch (NumberFormatException e) {
                continue;
            }
            if (name.startsWith("licensing_consumer_batch_seconds") && labels.contains(REQUESTS_CONSUMER)
                    && !name.endsWith("_bucket")) {
                values.merge(name, value, Double::sum);
            } else if (name.equals("jvm_gc_pause_seconds_sum") || name.equals("jvm_gc_pause_seconds_count")
                    || name.equals("licensing_results_total") || name.equals("licensing_consumer_duplicates_total")
                    || name.equals("licensing_deliveries_failed_total") || name.equals("licensing_dead_letters_total")
                || name.equals(COMPILATION_MS)) {
                values.merge(name, value, Double::sum);
            } else if (name.equals("process_cpu_time_ns_total") || name.equals("process_cpu_usage")
                    || name.equals("licensing_consumer_batch_seconds_max") && labels.contains(REQUESTS_CONSUMER)) {
                values.put(name, value);
            }
        }
        return new ServiceMetrics(values);
    }

    double get(String name) {
        return values.getOrDefault(name, 0.0);
    }

    /** What changed from {@code before} to this scrape, summed over instances, for a phase of {@code seconds}. */
    public static Map<String, Object> delta(List<ServiceMetrics> before, List<ServiceMetrics> after, int requests,
                                            double seconds, int consumerThreads) {
        double batches = 0;
        double batchSeconds = 0;
        double gcSeconds = 0;
        double gcPauses = 0;
        double cpuSeconds = 0;
        double maxBatch = 0;
        double duplicates = 0;
        double failures = 0;
        double compileSeconds = 0;
        for (int i = 0; i < after.size(); i++) {
            ServiceMetrics b = i < before.size() ? before.get(i) : new ServiceMetrics(Map.of());
            ServiceMetrics a = after.get(i);
            batches += a.get("licensing_consumer_batch_seconds_count") - b.get("licensing_consumer_batch_seconds_count");
            batchSeconds += a.get("licensing_consumer_batch_seconds_sum") - b.get("licensing_consumer_batch_seconds_sum");
            gcSeconds += a.get("jvm_gc_pause_seconds_sum") - b.get("jvm_gc_pause_seconds_sum");
            gcPauses += a.get("jvm_gc_pause_seconds_count") - b.get("jvm_gc_pause_seconds_count");
            cpuSeconds += (a.get("process_cpu_time_ns_total") - b.get("process_cpu_time_ns_total")) / 1e9;
            maxBatch = Math.max(maxBatch, a.get("licensing_consumer_batch_seconds_max"));
            duplicates += a.get("licensing_consumer_duplicates_total") - b.get("licensing_consumer_duplicates_total");
            failures += a.get("licensing_deliveries_failed_total") - b.get("licensing_deliveries_failed_total");
            compileSeconds += (a.get(COMPILATION_MS) - b.get(COMPILATION_MS)) / 1000;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("requestBatches", (long) batches);
        map.put("meanRequestsPerBatch", batches > 0 ? requests / batches : null);
        map.put("meanBatchMs", batches > 0 ? batchSeconds / batches * 1000 : null);
        map.put("batchSecondsTotal", batchSeconds);
        map.put("batchMsPerRequest", requests > 0 ? batchSeconds * 1000 / requests : null);
        map.put("listenerThreadsBusyFraction", seconds > 0 && consumerThreads > 0
                ? batchSeconds / (seconds * consumerThreads) : null);
        map.put("recentMaxBatchMs", maxBatch * 1000);
        map.put("serviceCpuSeconds", cpuSeconds);
        map.put("serviceCpuMsPerRequest", requests > 0 ? cpuSeconds * 1000 / requests : null);
        // The JIT's compilations in the phase, as elapsed seconds (a compiler thread waiting for a core counts too; its
        // CPU is CompilerThreads'), and as cores over the phase's seconds
        map.put("jitCompileSeconds", compileSeconds);
        map.put("jitCompileCores", seconds > 0 ? compileSeconds / seconds : null);
        map.put("gcPauses", (long) gcPauses);
        map.put("gcPauseSecondsTotal", gcSeconds);
        map.put("inboxDuplicatesSkipped", (long) duplicates);
        map.put("deliveryFailures", (long) failures);
        return map;
    }
}
