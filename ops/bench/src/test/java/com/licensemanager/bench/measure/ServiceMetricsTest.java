package com.licensemanager.bench.measure;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A phase's JIT time comes from the service's own Prometheus scrapes before and after it, summed over instances. */
class ServiceMetricsTest {

    private static ServiceMetrics scrape(double compileMs, double cpuNs) {
        return ServiceMetrics.parse("""
                # HELP jvm_compilation_time_ms_total The approximate accumulated elapsed time spent in compilation
                # TYPE jvm_compilation_time_ms_total counter
                jvm_compilation_time_ms_total{application="license-manager",compiler="HotSpot 64-Bit Tiered Compilers"} %s
                # TYPE process_cpu_time_ns_total counter
                process_cpu_time_ns_total{application="license-manager"} %s
                """.formatted(compileMs, cpuNs));
    }

    @Test
    void theJitCompileTimeOfAPhaseIsReportedInSecondsAndCores() {
        // instance 1 compiled 15 s and instance 2 3 s during a 45 s phase in which both used 36 s of CPU
        List<ServiceMetrics> before = List.of(scrape(40_000, 100e9), scrape(10_000, 50e9));
        List<ServiceMetrics> after = List.of(scrape(55_000, 124e9), scrape(13_000, 62e9));

        Map<String, Object> delta = ServiceMetrics.delta(before, after, 9_000, 45.0, 2);

        assertThat((Double) delta.get("jitCompileSeconds")).isCloseTo(18.0, within(1e-9));
        assertThat((Double) delta.get("jitCompileCores")).isCloseTo(0.4, within(1e-9));
    }

    @Test
    void withoutTheCompilationSeriesTheJitTimeIsZeroNotAFailure() {
        List<ServiceMetrics> none = List.of(ServiceMetrics.parse("process_cpu_time_ns_total 1.0E9\n"));

        Map<String, Object> delta = ServiceMetrics.delta(none, none, 100, 10.0, 2);

        assertThat(delta).containsEntry("jitCompileSeconds", 0.0).containsEntry("jitCompileCores", 0.0);
    }
}
