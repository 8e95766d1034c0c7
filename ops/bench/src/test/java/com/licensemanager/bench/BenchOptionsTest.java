package com.licensemanager.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which fixed-rate phase the benchmark profiles: never one a latency criterion is judged on. */
class BenchOptionsTest {

    @Test
    void theLightestRateIsProfiledWhenNoCriterionIsJudgedOnIt() {
        assertThat(BenchOptions.parse(new String[]{"--rates=2,5,10,25,50"}).profiledRatePercent()).isEqualTo(2);
    }

    @Test
    void withTheDefaultRatesTheTenPercentPhaseIsMeasuredWithoutAProfiler() {
        BenchOptions defaults = BenchOptions.parse(new String[0]);

        assertThat(defaults.lightestRatePercent()).isEqualTo(10);
        assertThat(defaults.profiledRatePercent()).isZero();
    }

    @Test
    void theEchoRunsAgainAtTheLightLoadCriterionsRateElseAtTheLightest() {
        assertThat(BenchOptions.parse(new String[]{"--rates=2,5,10,25,50"}).echoAtServiceRatePercent()).isEqualTo(10);
        assertThat(BenchOptions.parse(new String[]{"--quick"}).echoAtServiceRatePercent()).isEqualTo(10);
        assertThat(BenchOptions.parse(new String[]{"--rates=25,50"}).echoAtServiceRatePercent()).isEqualTo(25);
    }
}
