package com.licensemanager.bench.measure;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The JIT's share of the service's CPU, from its compiler threads' own CPU time in /proc. */
class CompilerThreadsTest {

    private static String stat(String name, long utime, long stime) {
        return "4242 (" + name + ") S 1 4200 4200 0 -1 4194368 100 0 0 0 " + utime + " " + stime + " 0 0 20 0 30 0";
    }

    @Test
    void onlyTheC1AndC2CompilerThreadsCount() {
        assertThat(CompilerThreads.compilerCpuSeconds(stat("C2 CompilerThre", 1200, 300))).isEqualTo(15.0);
        assertThat(CompilerThreads.compilerCpuSeconds(stat("C1 CompilerThre", 50, 0))).isEqualTo(0.5);
        assertThat(CompilerThreads.compilerCpuSeconds(stat("GC Thread#0", 1200, 300))).isNull();
        assertThat(CompilerThreads.compilerCpuSeconds(stat("license-requests", 1200, 300))).isNull();
    }

    @Test
    void aPhasesJitCpuSumsTheThreadsOfEveryInstanceAndCountsANewThreadFromZero() {
        // instance 1: thread 11 used 6 s more, thread 12 started during the phase and used 2 s; instance 2: 1 s more
        List<Map<Long, Double>> before = List.of(Map.of(11L, 30.0), Map.of(21L, 4.0));
        List<Map<Long, Double>> after = List.of(Map.of(11L, 36.0, 12L, 2.0), Map.of(21L, 5.0));

        Map<String, Object> delta = CompilerThreads.delta(before, after, 45.0, 36.0);

        assertThat((Double) delta.get("jitThreadsCpuSeconds")).isCloseTo(9.0, within(1e-9));
        assertThat((Double) delta.get("jitThreadsCores")).isCloseTo(0.2, within(1e-9));
        assertThat((Double) delta.get("jitShareOfServiceCpu")).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void aRunningJvmsCompilerThreadsAreFoundInProc() {
        // this test's own JVM: HotSpot keeps at least one C1 and one C2 compiler thread alive
        Map<Long, Double> threads = CompilerThreads.cpuSeconds(ProcessHandle.current().pid());

        assertThat(threads).isNotEmpty();
        assertThat(threads.values()).allSatisfy(seconds -> assertThat(seconds).isNotNegative());
    }
}
