package com.licensemanager.licensing.unit;

import com.licensemanager.licensing.catalogue.ProductCatalogue;
import com.licensemanager.licensing.catalogue.ProductModel;
import com.licensemanager.licensing.code.BaseLicense;
import com.licensemanager.licensing.code.CountLicense;
import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.licensing.code.UpgradeLicense;
import com.licensemanager.licensing.testing.Gen;
import com.licensemanager.licensing.testing.LicenseGens;
import com.licensemanager.licensing.testing.Properties;
import com.licensemanager.licensing.testing.TestCatalogue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of the per-box rules over the shipped and the test catalogue. */
class UnitRulesPropertiesTest {

    record Unit(ProductCatalogue catalogue, UnitRules rules, ProductModel model, LicenseBundle held) {
        @Override
        public String toString() {
            return model.name() + " (" + catalogue.version() + ") holding [" + held + "]";
        }
    }

    record Case(Unit unit, LicenseBundle request) {
        @Override
        public String toString() {
            return unit + " + request [" + request + "]";
        }
    }

    private static final List<ProductCatalogue> CATALOGUES = List.of(ProductCatalogue.loadDefault(), TestCatalogue.CATALOGUE);

    /** A request of 1..4 lines, mostly from what the unit is offered, sometimes anything. */
    static Gen<LicenseBundle> requestFor(Unit unit) {
        Quote quote = unit.rules().quote(unit.model(), unit.held());
        List<LicenseCode> offered = List.copyOf(quote.maxima().keySet());
        Gen<LicenseCode> anyCode = LicenseGens.codesMostlyOn(unit.catalogue().licenseSizes());
        Gen<LicenseCode> code = offered.isEmpty() ? anyCode : Gen.frequency(Gen.oneOf(offered), Gen.oneOf(offered), anyCode);
        Gen<Map.Entry<LicenseCode, Integer>> line = code.flatMap(c -> quantityFor(c, quote).map(q -> Map.entry(c, q)));
        return Gen.listOf(line, 1, 4).map(lines -> {
            Map<LicenseCode, Integer> map = new LinkedHashMap<>();
            lines.forEach(l -> map.merge(l.getKey(), l.getValue(), Integer::sum));
            return LicenseBundle.of(map);
        });
    }

    /** Quantities around the interesting edges: 1, the quote's maximum, one more, anything small. */
    static Gen<Integer> quantityFor(LicenseCode code, Quote quote) {
        int max = quote.maximumFor(code);
        return Gen.frequency(Gen.oneOf(1), Gen.oneOf(Math.max(1, max)), Gen.oneOf(max + 1), Gen.between(1, 3),
                Gen.between(1, Math.max(1, max + 2)));
    }

    /** A unit reached by applying 0..8 random requests through the rules (only accepted ones stick). */
    static Gen<Unit> reachableUnit() {
        return random -> {
            ProductCatalogue catalogue = CATALOGUES.get(random.nextInt(CATALOGUES.size()));
            UnitRules rules = new UnitRules(catalogue);
            ProductModel model = Gen.oneOf(catalogue.models()).next(random);
            Unit unit = new Unit(catalogue, rules, model, LicenseBundle.empty());
            int steps = random.nextInt(9);
            for (int i = 0; i < steps; i++) {
                LicenseBundle request = requestFor(unit).next(random);
                if (rules.check(model, unit.held(), request) instanceof RuleVerdict.Accepted accepted) {
                    unit = new Unit(catalogue, rules, model, accepted.resultingHolding());
                }
            }
            return unit;
        };
    }

    static Gen<Case> cases() {
        return reachableUnit().flatMap(unit -> requestFor(unit).map(request -> new Case(unit, request)));
    }

    @Test
    void noAcceptedSequenceOfRequestsLeavesAUnitHoldingAnImpossibleCombination() {
        Gen<List<Unit>> histories = random -> {
            ProductCatalogue catalogue = CATALOGUES.get(random.nextInt(CATALOGUES.size()));
            UnitRules rules = new UnitRules(catalogue);
            ProductModel model = Gen.oneOf(catalogue.models()).next(random);
            List<Unit> history = new ArrayList<>();
            Unit unit = new Unit(catalogue, rules, model, LicenseBundle.empty());
            for (int i = 0; i < 12; i++) {
                if (rules.check(model, unit.held(), requestFor(unit).next(random)) instanceof RuleVerdict.Accepted a) {
                    unit = new Unit(catalogue, rules, model, a.resultingHolding());
                    history.add(unit);
                }
            }
            return history;
        };
        Properties.forAll(400, histories, history -> {
            for (Unit unit : history) {
                assertThat(Oracle.isPossible(unit.model(), unit.catalogue().licenseSizes(), unit.held()))
                        .as("oracle on %s", unit).isTrue();
                assertThat(unit.rules().violationsOf(unit.model(), unit.held())).as("rules on %s", unit).isEmpty();
            }
        });
    }

    @Test
    void checkAcceptsExactlyTheRequestsThatLeaveAPossibleHolding() {
        Properties.forAll(1000, cases(), c -> {
            Unit unit = c.unit();
            RuleVerdict verdict = unit.rules().check(unit.model(), unit.held(), c.request());
            boolean possible = Oracle.isPossible(unit.model(), unit.catalogue().licenseSizes(), unit.held().plus(c.request()));
            assertThat(verdict.accepted()).as("verdict %s", verdict).isEqualTo(possible);
            if (verdict instanceof RuleVerdict.Rejected rejected) {
                assertThat(rejected.violations()).allSatisfy(v -> assertThat(c.request().contains(v.code())).isTrue());
            }
        });
    }

    record SingleLine(Unit unit, Quote quote, LicenseCode code, int quantity) {
    }

    @Test
    void aSingleLineRequestPassesExactlyWhenWithinTheQuote() {
        Gen<SingleLine> singleLines = reachableUnit().flatMap(unit -> random -> {
            Quote quote = unit.rules().quote(unit.model(), unit.held());
            LicenseCode code = quote.maxima().isEmpty() || random.nextBoolean()
                    ? LicenseGens.codesMostlyOn(unit.catalogue().licenseSizes()).next(random)
                    : Gen.oneOf(List.copyOf(quote.maxima().keySet())).next(random);
            return new SingleLine(unit, quote, code, quantityFor(code, quote).next(random));
        });
        Properties.forAll(1000, singleLines, line -> {
            Unit unit = line.unit();
            RuleVerdict verdict = unit.rules().check(unit.model(), unit.held(), LicenseBundle.of(line.code(), line.quantity()));
            assertThat(verdict.accepted()).as("verdict %s", verdict)
                    .isEqualTo(line.quantity() <= line.quote().maximumFor(line.code()));
        });
    }

    @Test
    void aRequestPassesExactlyWhenItsLinesFitTheQuoteOneAfterAnother() {
        Properties.forAll(1000, cases(), c -> {
            Unit unit = c.unit();
            boolean stepwise = true;
            LicenseBundle held = unit.held();
            for (Map.Entry<LicenseCode, Integer> line : applicationOrder(c.request())) {
                Quote quote = unit.rules().quote(unit.model(), held);
                if (line.getValue() > quote.maximumFor(line.getKey())) {
                    stepwise = false;
                    break;
                }
                held = held.with(line.getKey(), line.getValue());
            }
            assertThat(unit.rules().check(unit.model(), unit.held(), c.request()).accepted()).isEqualTo(stepwise);
        });
    }

    @Test
    void theQuoteOnlyOffersWhatLeavesAPossibleHolding() {
        Properties.forAll(500, reachableUnit(), unit -> {
            Quote quote = unit.rules().quote(unit.model(), unit.held());
            quote.maxima().forEach((code, max) -> {
                assertThat(Oracle.isPossible(unit.model(), unit.catalogue().licenseSizes(), unit.held().with(code, max)))
                        .as("%s x%d", code, max).isTrue();
                assertThat(Oracle.isPossible(unit.model(), unit.catalogue().licenseSizes(), unit.held().with(code, max + 1)))
                        .as("%s x%d", code, max + 1).isFalse();
            });
        });
    }

    /** Bases, then upgrades by source size, PBX before voicemail, then count licenses. */
    private static List<Map.Entry<LicenseCode, Integer>> applicationOrder(LicenseBundle request) {
        List<Map.Entry<LicenseCode, Integer>> lines = new ArrayList<>(request.quantities().entrySet());
        lines.sort(Comparator.comparingInt((Map.Entry<LicenseCode, Integer> e) -> switch (e.getKey()) {
            case BaseLicense b -> b.family().ordinal() * 2;
            case UpgradeLicense u -> u.family().ordinal() * 2 + 1;
            case CountLicense count -> 10;
        }).thenComparingInt(e -> e.getKey() instanceof UpgradeLicense u ? u.fromSize() : 0));
        return lines;
    }

}
