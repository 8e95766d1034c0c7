package com.licensemanager.bench.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 13's CPU rule: an absolute limit, or the same proportion to the echo's CPU per request on a slower machine. */
class AcceptanceTest {

    @Test
    void aCpuFigureWithinTheAbsoluteLimitPassesWhateverTheEcho() {
        Map<String, Object> criterion = Acceptance.cpu("service", 0.19, 0.20, 0.03);

        assertThat(criterion).containsEntry("pass", true).containsEntry("passedBy", "absolute limit");
    }

    @Test
    void onASlowerMachineTheProportionToTheEchoDecides() {
        // the echo costs twice the reference 0.04 ms: 0.39 ms is 4.9 x the echo's, within 0.20 / 0.04 = 5
        Map<String, Object> slower = Acceptance.cpu("service", 0.39, 0.20, 0.08);
        // on the reference machine the same figure fails both ways
        Map<String, Object> reference = Acceptance.cpu("service", 0.39, 0.20, 0.04);

        assertThat(slower).containsEntry("pass", true).containsEntry("passedBy", "proportion to the echo");
        assertThat((Double) slower.get("ratioToEchoCpu")).isEqualTo(0.39 / 0.08);
        assertThat(reference).containsEntry("pass", false);
    }

    @Test
    void withoutAnEchoOrPhasesEveryMeasuredCriterionFails() {
        Map<String, Object> acceptance = Acceptance.evaluate(null, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), null);

        assertThat(acceptance).containsEntry("pass", false);
        assertThat(Acceptance.KEYS).allSatisfy(key -> assertThat(Acceptance.passed(acceptance.get(key))).isFalse());
    }
}
