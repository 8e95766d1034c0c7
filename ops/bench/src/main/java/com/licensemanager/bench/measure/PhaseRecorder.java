package com.licensemanager.bench.measure;

import com.licensemanager.bench.load.PlannedRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What happened to the requests of one phase: when each was due and published (by the publisher thread), when its
 * first result was consumed and how many results it got, under which {@code ce_id} (by the consumer thread). All
 * times are {@link System#nanoTime()} of this one JVM, which both publishes and consumes.
 */
public final class PhaseRecorder {

    private final String name;
    private final String prefix;
    private final List<PlannedRequest> plan;
    private final int size;
    private final long[] due;
    private final long[] published;
    private final long[] consumed;
    private final int[] resultCount;
    private final String[] firstCeId;
    private final byte[] outcome; // 0 none, 1 accepted, 2 rejected
    private final String[] firstReason;
    private final String[] resultCommand;
    /** The first result's {@code ce_time} (when the service decided) and broker timestamp (when the relay sent it). */
    private final long[] decidedEpochMicros;
    private final long[] sentEpochMillis;
    /**
     * Turns this JVM's {@link System#nanoTime()} into epoch microseconds, to compare with the service's clock (same
     * machine, so the same wall clock; good to about a millisecond, which is all a split of latency needs).
     */
    private final long epochMicrosMinusNanoTimeMicros = System.currentTimeMillis() * 1000 - System.nanoTime() / 1000;
    private final boolean checkOutcomes;
    private long resultValueBytes;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progress = lock.newCondition();
    private int answered;
    private int redeliveries;
    private int conflictingResults;
    private final Set<String> ceIds = new HashSet<>();
    private int ceIdsReusedAcrossRequests;

    public PhaseRecorder(String name, String prefix, List<PlannedRequest> plan) {
        this(name, prefix, plan, true);
    }

    /**
     * @param checkOutcomes whether each result must be the one the workload's model expects (not for the Kafka echo,
     *                      which accepts everything)
     */
    public PhaseRecorder(String name, String prefix, List<PlannedRequest> plan, boolean checkOutcomes) {
        this.checkOutcomes = checkOutcomes;
        this.name = name;
        this.prefix = prefix;
        this.plan = plan;
        this.size = plan.size();
        this.due = new long[size];
        this.published = new long[size];
        this.consumed = new long[size];
        this.resultCount = new int[size];
        this.firstCeId = new String[size];
        this.outcome = new byte[size];
        this.firstReason = new String[size];
        this.resultCommand = new String[size];
        this.decidedEpochMicros = new long[size];
        this.sentEpochMillis = new long[size];
    }

    public String name() {
        return name;
    }

    public String prefix() {
        return prefix;
    }

    public int size() {
        return size;
    }

    public List<PlannedRequest> plan() {
        return plan;
    }

    /** Called by the publisher just before {@code send}: {@code dueAt} is when the schedule wanted it sent. */
    public void published(int index, long dueAt, long now) {
        due[index] = dueAt;
        published[index] = now;
    }

    /** Called by the consumer thread for every result record of this phase. */
    void consumed(int index, long at, String ceId, ResultPrefix result, int valueBytes, long decidedEpochMicros,
                  long sentEpochMillis) {
        lock.lock();
        try {
            if (index < 0 || index >= size) {
                return;
            }
            resultValueBytes += valueBytes;
            resultCount[index]++;
            if (!ceIds.add(ceId == null ? "(none)" : ceId) && resultCount[index] == 1) {
                ceIdsReusedAcrossRequests++;
            }
            if (resultCount[index] == 1) {
                consumed[index] = at;
                firstCeId[index] = ceId;
                outcome[index] = (byte) (result.accepted() ? 1 : 2);
                firstReason[index] = result.firstReason();
                resultCommand[index] = result.command();
                this.decidedEpochMicros[index] = decidedEpochMicros;
                this.sentEpochMillis[index] = sentEpochMillis;
                answered++;
                progress.signalAll();
            } else if (ceId != null && ceId.equals(firstCeId[index])) {
                redeliveries++;
            } else {
                conflictingResults++;
            }
        } finally {
            lock.unlock();
        }
    }

    public int answered() {
        lock.lock();
        try {
            return answered;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every request is answered, or until no new answer came for {@code stall}; answers whether all
     * were answered. {@code healthCheck} runs about once a second and may throw to give up early (a process died).
     */
    public boolean awaitAll(Duration stall, Runnable healthCheck) {
        lock.lock();
        try {
            int seen = answered;
            long stallDeadline = System.nanoTime() + stall.toNanos();
            while (answered < size) {
                long remaining = stallDeadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                progress.awaitNanos(Math.min(remaining, Duration.ofSeconds(1).toNanos()));
                healthCheck.run();
                if (answered != seen) {
                    seen = answered;
                    stallDeadline = System.nanoTime() + stall.toNanos();
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * One line per request: when it was due (ms after the first), how late it was published, its latency, its
     * command and outcome; for looking at latency over time (GC pauses, checkpoints, rebalances).
     */
    public void writeCsv(java.nio.file.Path file) {
        lock.lock();
        try (var out = java.nio.file.Files.newBufferedWriter(file)) {
            long origin = Long.MAX_VALUE;
            for (int i = 0; i < size; i++) {
                if (published[i] != 0) {
                    origin = Math.min(origin, due[i]);
                }
            }
            out.write("index,due_ms,publish_lag_ms,latency_ms,results,kind,outcome\n");
            for (int i = 0; i < size; i++) {
                if (published[i] == 0) {
                    continue;
                }
                out.write(String.format(java.util.Locale.ROOT, "%d,%.3f,%.3f,%s,%d,%s,%s%n", i,
                        (due[i] - origin) / 1e6, (published[i] - due[i]) / 1e6,
                        resultCount[i] == 0 ? "" : String.format(java.util.Locale.ROOT, "%.3f",
                                (consumed[i] - due[i]) / 1e6),
                        resultCount[i], plan.get(i).kind(),
                        outcome[i] == 1 ? "accepted" : outcome[i] == 2 ? firstReason[i] : "none"));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }

    private Map<String, Object> extra(int results) {
        Map<String, Object> extra = new HashMap<>();
        extra.put("meanResultValueBytes", results == 0 ? null : (double) resultValueBytes / results);
        extra.put("latencySplit", latencySplit());
        return extra;
    }

    /**
     * Where the latency went, from the result's own timestamps: due → decided (the request's way to the service,
     * its wait for a batch and the batch's work up to its decision), decided → sent (the rest of the batch, its
     * commit, and the outbox relay until it sent the result), sent → consumed (the broker's acknowledgement and this
     * driver's fetch). Results without a {@code ce_time} (the Kafka echo's) are left out.
     */
    private Map<String, LatencyStats> latencySplit() {
        long[] toDecided = new long[size];
        long[] toSent = new long[size];
        long[] toConsumed = new long[size];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (resultCount[i] == 0 || decidedEpochMicros[i] == 0 || sentEpochMillis[i] <= 0) {
                continue;
            }
            long dueMicros = due[i] / 1000 + epochMicrosMinusNanoTimeMicros;
            long consumedMicros = consumed[i] / 1000 + epochMicrosMinusNanoTimeMicros;
            long sentMicros = sentEpochMillis[i] * 1000;
            toDecided[n] = (decidedEpochMicros[i] - dueMicros) * 1000;
            toSent[n] = (sentMicros - decidedEpochMicros[i]) * 1000;
            toConsumed[n] = (consumedMicros - sentMicros) * 1000;
            n++;
        }
        Map<String, LatencyStats> split = new java.util.LinkedHashMap<>();
        split.put("dueToDecided", LatencyStats.of(java.util.Arrays.copyOf(toDecided, n)));
        split.put("decidedToSent", LatencyStats.of(java.util.Arrays.copyOf(toSent, n)));
        split.put("sentToConsumed", LatencyStats.of(java.util.Arrays.copyOf(toConsumed, n)));
        return split;
    }

    /** The figures of this phase. */
    public PhaseResult summarize(int instances, Double offeredRate) {
        lock.lock();
        try {
            long firstPublished = Long.MAX_VALUE;
            long lastPublished = Long.MIN_VALUE;
            long lastConsumed = Long.MIN_VALUE;
            long[] latencies = new long[size];
            long[] lags = new long[size];
            int n = 0;
            int missing = 0;
            int duplicates = 0;
            int accepted = 0;
            int rejected = 0;
            int unexpected = 0;
            List<String> unexpectedExamples = new ArrayList<>();
            Map<String, int[]> byCommand = new TreeMap<>();
            Map<String, Integer> rejectionReasons = new TreeMap<>();
            Map<String, Integer> unexpectedByKind = new TreeMap<>();
            for (int i = 0; i < size; i++) {
                if (published[i] == 0) {
                    missing++;
                    continue;
                }
                firstPublished = Math.min(firstPublished, published[i]);
                lastPublished = Math.max(lastPublished, published[i]);
                if (resultCount[i] == 0) {
                    missing++;
                    continue;
                }
                duplicates += resultCount[i] - 1;
                lastConsumed = Math.max(lastConsumed, consumed[i]);
                latencies[n] = consumed[i] - due[i];
                lags[n] = published[i] - due[i];
                n++;
                boolean ok = outcome[i] == 1;
                if (ok) {
                    accepted++;
                } else {
                    rejected++;
                    rejectionReasons.merge(firstReason[i], 1, Integer::sum);
                }
                byCommand.computeIfAbsent(resultCommand[i], c -> new int[2])[ok ? 0 : 1]++;
                PlannedRequest planned = plan.get(i);
                boolean asExpected = !checkOutcomes || ok == planned.expectAccepted()
                        && (ok || planned.expectedReason() == null || planned.expectedReason().equals(firstReason[i]));
                if (!asExpected) {
                    unexpected++;
                    unexpectedByKind.merge(planned.kind() + " -> " + (ok ? "accepted" : firstReason[i]), 1,
                            Integer::sum);
                    if (unexpectedExamples.size() < 8) {
                        unexpectedExamples.add(planned.requestId() + " " + planned.kind() + " expected "
                                + (planned.expectAccepted() ? "accepted" : planned.expectedReason()) + ", got "
                                + (ok ? "accepted" : firstReason[i]));
                    }
                }
            }
            long[] answeredLatencies = java.util.Arrays.copyOf(latencies, n);
            long[] answeredLags = java.util.Arrays.copyOf(lags, n);
            double seconds = n == 0 ? 0 : (lastConsumed - firstPublished) / 1e9;
            double publishSeconds = n == 0 ? 0 : (lastPublished - firstPublished) / 1e9;
            Map<String, Map<String, Integer>> commands = new TreeMap<>();
            byCommand.forEach((command, counts) -> commands.put(command,
                    Map.of("accepted", counts[0], "rejected", counts[1])));
            Map<String, Integer> plannedKinds = new TreeMap<>();
            plan.forEach(p -> plannedKinds.merge(p.kind(), 1, Integer::sum));
            return new PhaseResult(name, instances, offeredRate, size, n, seconds,
                    seconds > 0 ? n / seconds : 0, publishSeconds > 0 ? n / publishSeconds : 0,
                    LatencyStats.of(answeredLatencies), LatencyStats.of(answeredLags),
                    missing, duplicates, conflictingResults, redeliveries, ceIdsReusedAcrossRequests,
                    accepted, rejected, unexpected, unexpectedByKind, unexpectedExamples, commands, rejectionReasons,
                    plannedKinds, extra(n + duplicates));
        } finally {
            lock.unlock();
        }
    }
}
