package com.licensemanager.bench.measure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one phase.
 *
 * @param throughput     results per second from the first request published to the last result consumed
 * @param publishRate    requests per second the publisher achieved (first to last publication)
 * @param latency        end to end: due time of the request (= publication time when the publisher keeps up) to
 *                       its first result consumed, in ms
 * @param publisherLag   publication time minus due time, in ms: how well the open-loop schedule was kept
 * @param duplicateResults   result records beyond the first per request id
 * @param conflictingResults further results of a request id under another {@code ce_id} (a second answer)
 * @param redeliveries   further results under the same {@code ce_id} (an at-least-once republication)
 * @param extra          diagnostics attached afterwards (service metrics, database statistics)
 */
public record PhaseResult(String name, int instances, Double offeredRate, int requests, int answered,
                          double seconds, double throughput, double publishRate, LatencyStats latency,
                          LatencyStats publisherLag, int missing, int duplicateResults, int conflictingResults,
                          int redeliveries, int ceIdsReusedAcrossRequests, int accepted, int rejected, int unexpected,
                          Map<String, Integer> unexpectedByKind, List<String> unexpectedExamples,
                          Map<String, Map<String, Integer>> byCommand, Map<String, Integer> rejectionReasons,
                          Map<String, Integer> plannedKinds, Map<String, Object> extra) {

    /** The name of the Kafka echo's measured phase. */
    public static final String ECHO_MAX = "max rate, Kafka echo";

    /**
     * CPU ms per request of one process during this phase ({@link CpuAccounting}'s component names), null if it was
     * not accounted.
     */
    @SuppressWarnings("unchecked")
    public Double cpuMsPerRequest(String component) {
        Map<String, Object> cpu = (Map<String, Object>) extra.get("cpu");
        if (cpu == null) {
            return null;
        }
        Map<String, Object> c = (Map<String, Object>) ((Map<String, Object>) cpu.get("components")).get(component);
        return c == null || c.get("cpuMsPerRequest") == null ? null : ((Number) c.get("cpuMsPerRequest")).doubleValue();
    }

    /** CPU ms per request of all the benchmark's processes together (the driver included), null if not accounted. */
    @SuppressWarnings("unchecked")
    public Double cpuMsPerRequestAll() {
        Map<String, Object> cpu = (Map<String, Object>) extra.get("cpu");
        return cpu == null || cpu.get("oursCpuMsPerRequest") == null ? null
                : ((Number) cpu.get("oursCpuMsPerRequest")).doubleValue();
    }

    /** Every request got exactly one result record. */
    public boolean exactlyOnce() {
        return answered == requests && missing == 0 && duplicateResults == 0 && conflictingResults == 0
                && ceIdsReusedAcrossRequests == 0;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("instances", instances);
        map.put("offeredRatePerSecond", offeredRate);
        map.put("requests", requests);
        map.put("answered", answered);
        map.put("seconds", seconds);
        map.put("throughputPerSecond", throughput);
        map.put("publishRatePerSecond", publishRate);
        map.put("latencyMs", latency.toMap());
        map.put("publisherLagMs", publisherLag.toMap());
        Map<String, Object> once = new LinkedHashMap<>();
        once.put("exactlyOnce", exactlyOnce());
        once.put("missing", missing);
        once.put("duplicateResults", duplicateResults);
        once.put("conflictingResults", conflictingResults);
        once.put("redeliveriesSameCeId", redeliveries);
        once.put("ceIdsReusedAcrossRequests", ceIdsReusedAcrossRequests);
        map.put("answers", once);
        map.put("accepted", accepted);
        map.put("rejected", rejected);
        map.put("unexpectedOutcomes", unexpected);
        map.put("unexpectedByKind", unexpectedByKind);
        map.put("unexpectedExamples", unexpectedExamples);
        map.put("plannedMix", plannedKinds);
        map.put("resultsByCommand", byCommand);
        map.put("rejectionReasons", rejectionReasons);
        map.putAll(extra);
        return map;
    }
}
