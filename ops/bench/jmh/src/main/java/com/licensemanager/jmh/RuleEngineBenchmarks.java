package com.licensemanager.jmh;

import com.licensemanager.licensing.catalogue.ProductCatalogue;
import com.licensemanager.licensing.catalogue.ProductModel;
import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.licensing.key.ActivationKey;
import com.licensemanager.licensing.mac.MacAddress;
import com.licensemanager.licensing.mac.MacChecksum;
import com.licensemanager.licensing.unit.Quote;
import com.licensemanager.licensing.unit.RuleVerdict;
import com.licensemanager.licensing.unit.UnitRules;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What the service computes per license request besides the database: the quote and the rule check of a unit,
 * parsing the portal's license lines, MAC address and checksum, and activation keys. {@link #baselineCopyBundle}
 * (copying the unit's holding) is the trivial yardstick the run prints the others against, so figures of machines
 * or JVMs of different speed can be compared as ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RuleEngineBenchmarks {

    /** The lines of a typical "add licenses" request, as the portal spells them. */
    private static final List<String> REQUESTED_CODES = List.of("PBX6#30@15", "Registrations", "Channels");

    private UnitRules rules;
    private ProductModel model;
    private LicenseBundle held;
    private LicenseBundle requested;
    private String mac;
    private String checksum;
    private String activationKey;

    @Setup
    public void setUp() {
        ProductCatalogue catalogue = ProductCatalogue.loadDefault();
        rules = new UnitRules(catalogue);
        model = catalogue.require("IP811");
        held = bundle(Map.of("PBX6#15", 1, "Registrations", 15, "Channels", 2));
        requested = bundle(Map.of("PBX6#30@15", 1, "Registrations", 15, "Channels", 2));
        mac = "00-90-33-0A-1B-2C";
        checksum = MacChecksum.of(MacAddress.parse(mac));
        activationKey = ActivationKey.generate().toString();
        if (!(rules.check(model, held, requested) instanceof RuleVerdict.Accepted)) {
            throw new IllegalStateException("the benchmarked request should be one the rules accept");
        }
    }

    @Benchmark
    public LicenseBundle baselineCopyBundle() {
        return LicenseBundle.of(held.quantities());
    }

    @Benchmark
    public Quote quote() {
        return rules.quote(model, held);
    }

    @Benchmark
    public RuleVerdict check() {
        return rules.check(model, held, requested);
    }

    @Benchmark
    public void parseLicenseCodes(Blackhole sink) {
        for (String code : REQUESTED_CODES) {
            sink.consume(LicenseCode.parse(code));
        }
    }

    @Benchmark
    public MacAddress parseMacWithChecksum() {
        return MacAddress.parse(mac, checksum);
    }

    @Benchmark
    public ActivationKey parseActivationKey() {
        return ActivationKey.parse(activationKey);
    }

    private static LicenseBundle bundle(Map<String, Integer> lines) {
        Map<LicenseCode, Integer> quantities = new TreeMap<>(LicenseCode.CANONICAL_ORDER);
        lines.forEach((code, quantity) -> quantities.put(LicenseCode.parse(code), quantity));
        return LicenseBundle.of(quantities);
    }
}
