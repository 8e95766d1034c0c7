package com.licensemanager.bench.load;

import com.licensemanager.harness.Console;
import com.licensemanager.bench.measure.DatabaseProbe;
import com.licensemanager.bench.measure.PhaseRecorder;
import com.licensemanager.bench.measure.PhaseResult;
import com.licensemanager.bench.measure.ResultCollector;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.common.Customer;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.ordering.OrderFulfilled;
import com.licensemanager.schemas.warehouse.UnitShipped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings the service into the state the measured requests need, through its real inputs (never behind its back):
 * accounts registered by portal requests, keys issued from fulfilled orders and redeemed into large balances,
 * units shipped by the warehouse. Nothing of this is measured; each step waits until the service has done it.
 */
public final class Seeder {

    private final String runId;
    private final Workload workload;
    private final Publisher publisher;
    private final ResultCollector collector;
    private final DatabaseProbe database;
    private int orders;

    public Seeder(String runId, Workload workload, Publisher publisher, ResultCollector collector,
                  DatabaseProbe database) {
        this.runId = runId;
        this.workload = workload;
        this.publisher = publisher;
        this.collector = collector;
        this.database = database;
    }

    /** Registers every account and funds it with one large key. */
    public void accountsAndBalances() {
        long started = System.nanoTime();
        runAll(runId + "-seedreg-", workload.registrations(runId + "-seedreg-"), "account registrations");
        List<String> balanceKeys = issueKeys("BAL", workload.accounts().size(), Workload.BALANCE_ORDER);
        runAll(runId + "-seedbal-", workload.balanceRedemptions(runId + "-seedbal-", balanceKeys),
                "balance redemptions");
        Console.say("seeded %d accounts with registrations and balances in %.1f s", workload.accounts().size(),
                (System.nanoTime() - started) / 1e9);
    }

    /** Issues keys for measured redemptions until at least {@code wanted} are available. */
    public void keysFor(int wanted) {
        int missing = wanted - workload.keysAvailable();
        if (missing > 0) {
            workload.addKeys(issueKeys("KEY", missing, Workload.SMALL_ORDER));
        }
    }

    /** Ships every unit the plans generated so far need, and waits until the unit register has them all. */
    public void shipPlannedUnits() {
        List<UnitShipped> units = workload.takeUnitsToShip();
        if (units.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        for (UnitShipped unit : units) {
            publisher.send(Topics.UNITS_SHIPPED, unit.getMac(), unit);
        }
        publisher.flush();
        database.awaitCount("units registered", "select count(*) from unit", workload.unitsShipped(),
                Duration.ofSeconds(90));
        Console.say("shipped %d units (%d in total) in %.1f s", units.size(), workload.unitsShipped(),
                (System.nanoTime() - started) / 1e9);
    }

    private List<String> issueKeys(String kind, int count, List<LicenseLine> lines) {
        long started = System.nanoTime();
        List<String> orderNumbers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String orderNumber = kind + "-" + runId + "-" + (++orders);
            orderNumbers.add(orderNumber);
            publisher.send(Topics.ORDERS_FULFILLED, orderNumber, new OrderFulfilled(orderNumber, "PO-" + orders,
                    new Customer("Bench Distribution AG", null), lines, Instant.now()));
        }
        publisher.flush();
        collector.awaitKeys(orderNumbers, Duration.ofSeconds(60L + count / 20));
        Console.say("issued %d activation keys from orders in %.1f s", count, (System.nanoTime() - started) / 1e9);
        return orderNumbers.stream().map(collector.keysByOrder()::get).toList();
    }

    private void runAll(String prefix, List<PlannedRequest> plan, String what) {
        PhaseRecorder recorder = new PhaseRecorder(what, prefix, plan);
        collector.register(recorder);
        publisher.publishAsFastAsPossible(recorder, publisher.prepare(Topics.LICENSE_REQUESTS, plan));
        if (!recorder.awaitAll(Duration.ofSeconds(90), collector::checkHealthy)) {
            throw new IllegalStateException(what + ": only " + recorder.answered() + " of " + plan.size()
                    + " answered");
        }
        PhaseResult result = recorder.summarize(1, null);
        if (result.rejected() > 0) {
            throw new IllegalStateException(what + ": " + result.rejected() + " rejected: "
                    + result.rejectionReasons());
        }
    }
}
