package com.licensemanager.bench.measure;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Percentiles (nearest rank) of a set of durations, in milliseconds. */
public record LatencyStats(int count, double p50, double p90, double p99, double p999, double max, double mean) {

    public static LatencyStats of(long[] nanos) {
        if (nanos.length == 0) {
            return new LatencyStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long value : sorted) {
            sum += value;
        }
        return new LatencyStats(sorted.length, ms(rank(sorted, 0.50)), ms(rank(sorted, 0.90)), ms(rank(sorted, 0.99)),
                ms(rank(sorted, 0.999)), ms(sorted[sorted.length - 1]), sum / sorted.length / 1e6);
    }

    private static long rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("count", count);
        map.put("p50", p50);
        map.put("p90", p90);
        map.put("p99", p99);
        map.put("p999", p999);
        map.put("max", max);
        map.put("mean", mean);
        return map;
    }
}
