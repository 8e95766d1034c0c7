package com.licensemanager.bench.measure;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Planning next to execution per request: is PostgreSQL's CPU beyond the statements' execution spent planning? */
class StatementTotalsTest {

    @Test
    void planningIsReportedPerRequestNextToExecution() {
        // 2 000 requests ran 1 200 statements, 800 of them planned (not prepared on the server)
        DatabaseProbe.StatementTotals totals = new DatabaseProbe.StatementTotals(1_200, 300.0, 800, 100.0);

        Map<String, Object> perRequest = totals.perRequest(2_000);

        assertThat((Double) perRequest.get("statementsPerRequest")).isCloseTo(0.6, within(1e-12));
        assertThat((Double) perRequest.get("statementMsPerRequest")).isCloseTo(0.15, within(1e-12));
        assertThat((Double) perRequest.get("planMsPerRequest")).isCloseTo(0.05, within(1e-12));
        assertThat((Double) perRequest.get("plansPerRequest")).isCloseTo(0.4, within(1e-12));
        assertThat((Double) perRequest.get("plansPerStatement")).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void withoutStatementsThereIsNoPlansPerStatement() {
        Map<String, Object> perRequest = new DatabaseProbe.StatementTotals(0, 0, 0, 0).perRequest(100);

        assertThat(perRequest).containsEntry("plansPerStatement", null).containsEntry("planMsPerRequest", 0.0);
    }

    @Test
    void aPhaseWithoutAResetIsTheDifferenceOfTheTotals() {
        DatabaseProbe.StatementTotals before = new DatabaseProbe.StatementTotals(1_000, 200.0, 500, 50.0);
        DatabaseProbe.StatementTotals after = new DatabaseProbe.StatementTotals(1_150, 230.0, 650, 80.0);

        Map<String, Object> perRequest = after.since(before).perRequest(10);

        assertThat((Double) perRequest.get("statementsPerRequest")).isCloseTo(15.0, within(1e-12));
        assertThat((Double) perRequest.get("statementMsPerRequest")).isCloseTo(3.0, within(1e-12));
        assertThat((Double) perRequest.get("plansPerRequest")).isCloseTo(15.0, within(1e-12));
        assertThat((Double) perRequest.get("planMsPerRequest")).isCloseTo(3.0, within(1e-12));
    }
}
