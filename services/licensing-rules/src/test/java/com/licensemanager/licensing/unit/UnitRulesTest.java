package com.licensemanager.licensing.unit;

import com.licensemanager.licensing.catalogue.ProductModel;
import com.licensemanager.licensing.code.BaseLicense;
import com.licensemanager.licensing.code.CountLicense;
import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.licensing.code.UpgradeLicense;
import com.licensemanager.licensing.testing.TestCatalogue;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static com.licensemanager.licensing.code.CountLicense.AB;
import static com.licensemanager.licensing.code.CountLicense.BRI;
import static com.licensemanager.licensing.code.CountLicense.CHANNELS;
import static com.licensemanager.licensing.code.CountLicense.DECT_MULTICELL;
import static com.licensemanager.licensing.code.CountLicense.OPERATOR;
import static com.licensemanager.licensing.code.CountLicense.PRI;
import static com.licensemanager.licensing.code.CountLicense.REGISTRATIONS;
import static com.licensemanager.licensing.code.CountLicense.RELAY_GATEKEEPER;
import static com.licensemanager.licensing.code.CountLicense.SOFTPHONE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule with a passing and a failing case. Models from the test catalogue:
 * FULL (2 AB, 2 BRI, 1 PRI, PBX 60, 8 DSP, gatekeeper 10, operators 2, softphones 20),
 * BARE (nothing, no PBX, 2 DSP, gatekeeper 5), MASTER (DECT master, PBX 30, 4 DSP),
 * TINY (1 AB, PBX 15, no DSP, no gatekeeper/operators/softphones). Sizes on sale: 15, 30, 60, 100.
 */
class UnitRulesTest {

    static final UnitRules RULES = new UnitRules(TestCatalogue.CATALOGUE);
    static final ProductModel FULL = TestCatalogue.CATALOGUE.require("FULL");
    static final ProductModel BARE = TestCatalogue.CATALOGUE.require("BARE");
    static final ProductModel MASTER = TestCatalogue.CATALOGUE.require("MASTER");
    static final ProductModel TINY = TestCatalogue.CATALOGUE.require("TINY");

    static final BaseLicense PBX15 = BaseLicense.pbx(15);
    static final BaseLicense PBX30 = BaseLicense.pbx(30);
    static final BaseLicense VM15 = BaseLicense.voicemail(15);
    static final BaseLicense VM30 = BaseLicense.voicemail(30);
    static final UpgradeLicense PBX15TO30 = UpgradeLicense.pbx(15, 30);
    static final UpgradeLicense PBX30TO60 = UpgradeLicense.pbx(30, 60);
    static final UpgradeLicense PBX15TO60 = UpgradeLicense.pbx(15, 60);
    static final UpgradeLicense VM15TO30 = UpgradeLicense.voicemail(15, 30);

    /** Alternating code, quantity. */
    static LicenseBundle bundle(Object... codesAndQuantities) {
        Map<LicenseCode, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < codesAndQuantities.length; i += 2) {
            map.merge((LicenseCode) codesAndQuantities[i], (Integer) codesAndQuantities[i + 1], Integer::sum);
        }
        return LicenseBundle.of(map);
    }

    static void accepts(ProductModel model, LicenseBundle held, LicenseBundle request) {
        RuleVerdict verdict = RULES.check(model, held, request);
        assertThat(verdict).as("%s holding [%s] + [%s]", model.name(), held, request)
                .isEqualTo(new RuleVerdict.Accepted(held.plus(request)));
    }

    static void rejects(ProductModel model, LicenseBundle held, LicenseBundle request, RuleReason... reasons) {
        RuleVerdict verdict = RULES.check(model, held, request);
        assertThat(verdict).as("%s holding [%s] + [%s]", model.name(), held, request)
                .isInstanceOfSatisfying(RuleVerdict.Rejected.class, rejected -> {
                    assertThat(rejected.reasons()).containsExactlyInAnyOrder(reasons);
                    assertThat(rejected.violations()).allSatisfy(v -> {
                        assertThat(request.contains(v.code())).as("violation names a requested code").isTrue();
                        assertThat(v.message()).isNotBlank();
                    });
                });
    }

    static final LicenseBundle NOTHING = LicenseBundle.empty();

    @Nested
    class Interfaces {
        @Test
        void abNeedsAnalogueInterfaces() {
            accepts(FULL, NOTHING, bundle(AB, 2));
            rejects(BARE, NOTHING, bundle(AB, 1), RuleReason.AB_NOT_SUPPORTED);
        }

        @Test
        void briNeedsBriInterfaces() {
            accepts(FULL, bundle(BRI, 1), bundle(BRI, 1));
            rejects(TINY, NOTHING, bundle(BRI, 1), RuleReason.BRI_NOT_SUPPORTED);
        }

        @Test
        void priNeedsPriInterfaces() {
            accepts(FULL, NOTHING, bundle(PRI, 1));
            rejects(MASTER, NOTHING, bundle(PRI, 1), RuleReason.PRI_NOT_SUPPORTED);
        }

        @Test
        void noMoreInterfaceLicensesThanInterfaces() {
            rejects(FULL, NOTHING, bundle(AB, 3), RuleReason.PER_BOX_MAXIMUM_EXCEEDED);
            rejects(FULL, bundle(BRI, 2), bundle(BRI, 1), RuleReason.PER_BOX_MAXIMUM_EXCEEDED);
            rejects(FULL, bundle(PRI, 1), bundle(PRI, 1), RuleReason.PER_BOX_MAXIMUM_EXCEEDED);
        }
    }

    @Nested
    class PbxBase {
        @Test
        void pbxBaseNeedsAModelThatRunsThePbx() {
            accepts(FULL, NOTHING, bundle(PBX15, 1));
            rejects(BARE, NOTHING, bundle(PBX15, 1), RuleReason.PBX_NOT_SUPPORTED);
            rejects(BARE, NOTHING, bundle(PBX15TO30, 1), RuleReason.PBX_NOT_SUPPORTED);
            rejects(BARE, NOTHING, bundle(VM15, 1), RuleReason.PBX_NOT_SUPPORTED);
        }

        @Test
        void noSecondPbxBaseOfTheSameSize() {
            rejects(FULL, bundle(PBX15, 1), bundle(PBX15, 1), RuleReason.DUPLICATE_PBX_BASE);
            rejects(FULL, NOTHING, bundle(PBX15, 2), RuleReason.DUPLICATE_PBX_BASE);
        }

        @Test
        void noSecondPbxBaseOfAnotherSizeEither() {
            rejects(FULL, bundle(PBX15, 1), bundle(PBX30, 1), RuleReason.SECOND_PBX_BASE);
            rejects(FULL, NOTHING, bundle(PBX15, 1, PBX30, 1), RuleReason.SECOND_PBX_BASE);
        }

        @Test
        void onlySizesOnSale() {
            accepts(FULL, NOTHING, bundle(PBX30, 1));
            rejects(FULL, NOTHING, bundle(BaseLicense.pbx(17), 1), RuleReason.UNKNOWN_LICENSE_SIZE);
            rejects(FULL, bundle(PBX15, 1), bundle(UpgradeLicense.pbx(15, 25), 1), RuleReason.UNKNOWN_LICENSE_SIZE);
        }

        @Test
        void noSizeAboveTheModelsPbx() {
            accepts(TINY, NOTHING, bundle(PBX15, 1));
            rejects(TINY, NOTHING, bundle(PBX30, 1), RuleReason.SIZE_ABOVE_MODEL_MAXIMUM);
            rejects(TINY, bundle(PBX15, 1), bundle(PBX15TO30, 1), RuleReason.SIZE_ABOVE_MODEL_MAXIMUM);
        }
    }

    @Nested
    class Upgrades {
        @Test
        void anUpgradeNeedsItsBase() {
            accepts(FULL, bundle(PBX15, 1), bundle(PBX15TO30, 1));
            rejects(FULL, NOTHING, bundle(PBX15TO30, 1), RuleReason.UPGRADE_WITHOUT_BASE);
        }

        @Test
        void baseAndUpgradeMayComeInOneRequest() {
            accepts(FULL, NOTHING, bundle(PBX15, 1, PBX15TO30, 1, PBX30TO60, 1));
        }

        @Test
        void anUpgradeMustStartWhereTheUnitIs() {
            accepts(FULL, bundle(PBX15, 1, PBX15TO30, 1), bundle(PBX30TO60, 1));
            rejects(FULL, bundle(PBX30, 1), bundle(PBX15TO30, 1), RuleReason.UPGRADE_BASE_MISMATCH);
            rejects(FULL, bundle(PBX15, 1, PBX15TO30, 1), bundle(PBX15TO60, 1), RuleReason.UPGRADE_BASE_MISMATCH);
            rejects(FULL, bundle(PBX15, 1), bundle(PBX15TO30, 1, PBX15TO60, 1), RuleReason.UPGRADE_BASE_MISMATCH);
        }

        @Test
        void anUpgradeOnlyOnce() {
            rejects(FULL, bundle(PBX15, 1, PBX15TO30, 1), bundle(PBX15TO30, 1), RuleReason.DUPLICATE_UPGRADE);
            rejects(FULL, bundle(PBX15, 1), bundle(PBX15TO30, 2), RuleReason.DUPLICATE_UPGRADE);
        }
    }

    @Nested
    class Registrations {
        @Test
        void notAboveThePbxBaseSize() {
            accepts(FULL, bundle(PBX15, 1), bundle(REGISTRATIONS, 15));
            rejects(FULL, bundle(PBX15, 1), bundle(REGISTRATIONS, 16), RuleReason.REGISTRATIONS_ABOVE_PBX_SIZE);
            rejects(FULL, bundle(PBX15, 1, REGISTRATIONS, 10), bundle(REGISTRATIONS, 6),
                    RuleReason.REGISTRATIONS_ABOVE_PBX_SIZE);
        }

        @Test
        void upgradesRaiseTheLimit() {
            accepts(FULL, bundle(PBX15, 1, REGISTRATIONS, 15), bundle(PBX15TO30, 1, REGISTRATIONS, 15));
            accepts(FULL, NOTHING, bundle(PBX15, 1, REGISTRATIONS, 15));
        }

        @Test
        void noneWithoutAPbxBase() {
            rejects(FULL, NOTHING, bundle(REGISTRATIONS, 1), RuleReason.REGISTRATIONS_ABOVE_PBX_SIZE);
            rejects(BARE, NOTHING, bundle(REGISTRATIONS, 1), RuleReason.PBX_NOT_SUPPORTED);
        }
    }

    @Nested
    class Voicemail {
        @Test
        void needsAPbxBase() {
            accepts(FULL, bundle(PBX15, 1), bundle(VM15, 1));
            accepts(FULL, NOTHING, bundle(PBX15, 1, VM15, 1));
            rejects(FULL, NOTHING, bundle(VM15, 1), RuleReason.VOICEMAIL_WITHOUT_PBX_BASE);
        }

        @Test
        void notAboveThePbxSize() {
            accepts(FULL, bundle(PBX15, 1, PBX15TO30, 1), bundle(VM30, 1));
            rejects(FULL, bundle(PBX15, 1), bundle(VM30, 1), RuleReason.VOICEMAIL_ABOVE_PBX_SIZE);
            rejects(FULL, bundle(PBX15, 1, VM15, 1), bundle(VM15TO30, 1), RuleReason.VOICEMAIL_ABOVE_PBX_SIZE);
        }

        @Test
        void noSecondVoicemailOfTheSameSize() {
            rejects(FULL, bundle(PBX15, 1, VM15, 1), bundle(VM15, 1), RuleReason.DUPLICATE_VOICEMAIL_BASE);
        }

        @Test
        void noSecondVoicemailOfAnotherSize() {
            rejects(FULL, bundle(PBX30, 1, VM15, 1), bundle(VM30, 1), RuleReason.SECOND_VOICEMAIL_BASE);
        }

        @Test
        void voicemailUpgradesChainLikePbxUpgrades() {
            accepts(FULL, bundle(PBX30, 1, VM15, 1), bundle(VM15TO30, 1));
            rejects(FULL, bundle(PBX30, 1), bundle(VM15TO30, 1), RuleReason.UPGRADE_WITHOUT_BASE);
        }
    }

    @Nested
    class DectMulticell {
        @Test
        void onlyOnAMulticellMaster() {
            accepts(MASTER, NOTHING, bundle(DECT_MULTICELL, 1));
            rejects(FULL, NOTHING, bundle(DECT_MULTICELL, 1), RuleReason.DECT_MULTICELL_NOT_MASTER);
        }

        @Test
        void atMostOne() {
            rejects(MASTER, bundle(DECT_MULTICELL, 1), bundle(DECT_MULTICELL, 1), RuleReason.DECT_MULTICELL_MORE_THAN_ONE);
            rejects(MASTER, NOTHING, bundle(DECT_MULTICELL, 2), RuleReason.DECT_MULTICELL_MORE_THAN_ONE);
            rejects(FULL, NOTHING, bundle(DECT_MULTICELL, 2), RuleReason.DECT_MULTICELL_NOT_MASTER,
                    RuleReason.DECT_MULTICELL_MORE_THAN_ONE);
        }
    }

    @Nested
    class Counts {
        @Test
        void channelsUpToTheDspMaximum() {
            accepts(FULL, bundle(CHANNELS, 4), bundle(CHANNELS, 4));
            rejects(FULL, bundle(CHANNELS, 4), bundle(CHANNELS, 5), RuleReason.CHANNELS_ABOVE_DSP_MAXIMUM);
            rejects(TINY, NOTHING, bundle(CHANNELS, 1), RuleReason.CHANNELS_ABOVE_DSP_MAXIMUM);
        }

        @Test
        void gatekeeperUpToThePerBoxMaximum() {
            accepts(BARE, NOTHING, bundle(RELAY_GATEKEEPER, 5));
            rejects(BARE, NOTHING, bundle(RELAY_GATEKEEPER, 6), RuleReason.PER_BOX_MAXIMUM_EXCEEDED);
        }

        @Test
        void operatorsAndSoftphonesNeedThePbxAndStayWithinTheMaximum() {
            accepts(FULL, NOTHING, bundle(OPERATOR, 2, SOFTPHONE, 20));
            rejects(FULL, bundle(OPERATOR, 2), bundle(OPERATOR, 1), RuleReason.PER_BOX_MAXIMUM_EXCEEDED);
            rejects(FULL, NOTHING, bundle(SOFTPHONE, 21), RuleReason.PER_BOX_MAXIMUM_EXCEEDED);
            rejects(BARE, NOTHING, bundle(OPERATOR, 1, SOFTPHONE, 1), RuleReason.PBX_NOT_SUPPORTED);
        }
    }

    @Test
    void everyBrokenRuleIsReported() {
        RuleVerdict verdict = RULES.check(BARE, NOTHING,
                bundle(AB, 1, BRI, 1, PRI, 1, PBX15, 1, CHANNELS, 3, DECT_MULTICELL, 2, RELAY_GATEKEEPER, 6));
        assertThat(verdict).isInstanceOfSatisfying(RuleVerdict.Rejected.class, r -> {
            assertThat(r.reasons()).containsExactly(RuleReason.PBX_NOT_SUPPORTED, RuleReason.PER_BOX_MAXIMUM_EXCEEDED,
                    RuleReason.CHANNELS_ABOVE_DSP_MAXIMUM, RuleReason.BRI_NOT_SUPPORTED, RuleReason.PRI_NOT_SUPPORTED,
                    RuleReason.AB_NOT_SUPPORTED, RuleReason.DECT_MULTICELL_NOT_MASTER,
                    RuleReason.DECT_MULTICELL_MORE_THAN_ONE);
        });
    }

    @Test
    void emptyRequestChangesNothing() {
        accepts(BARE, NOTHING, NOTHING);
    }

    @Test
    void messagesNameTheModelAndTheNumbers() {
        RuleVerdict verdict = RULES.check(FULL, bundle(BRI, 1), bundle(BRI, 2));
        assertThat(verdict).isInstanceOfSatisfying(RuleVerdict.Rejected.class, r -> assertThat(r.violations())
                .singleElement().satisfies(v -> {
                    assertThat(v.code()).isEqualTo(BRI);
                    assertThat(v.message()).contains("FULL").contains("2 BRI interfaces").contains("1 held + 2 requested = 3");
                    assertThat(v.toString()).startsWith("PER_BOX_MAXIMUM_EXCEEDED BRI: ");
                }));
    }

    @Test
    void violationsOfAHoldingListImpossibleLicenses() {
        assertThat(RULES.violationsOf(FULL, bundle(PBX15, 1, REGISTRATIONS, 15, AB, 2))).isEmpty();
        assertThat(RULES.violationsOf(TINY, bundle(PBX15, 2, BRI, 1)))
                .extracting(RuleViolation::reason)
                .containsExactly(RuleReason.DUPLICATE_PBX_BASE, RuleReason.BRI_NOT_SUPPORTED);
    }

    @Nested
    class Quotes {
        @Test
        void aNewUnitIsOfferedWhatItsModelCanTake() {
            Quote quote = RULES.quote(FULL, NOTHING);
            assertThat(quote.model()).isEqualTo("FULL");
            assertThat(quote.maxima()).containsExactlyEntriesOf(ordered(
                    PBX15, 1, PBX30, 1, BaseLicense.pbx(60), 1,
                    RELAY_GATEKEEPER, 10, CHANNELS, 8, BRI, 2, PRI, 1, AB, 2, OPERATOR, 2, SOFTPHONE, 20));
        }

        @Test
        void whatTheUnitHoldsShapesTheOffer() {
            Quote quote = RULES.quote(FULL, bundle(PBX15, 1, REGISTRATIONS, 5, AB, 2, BRI, 1));
            assertThat(quote.maxima()).containsExactlyEntriesOf(ordered(
                    PBX15TO30, 1, PBX15TO60, 1, VM15, 1,
                    RELAY_GATEKEEPER, 10, REGISTRATIONS, 10, CHANNELS, 8, BRI, 1, PRI, 1, OPERATOR, 2, SOFTPHONE, 20));
            assertThat(quote.maximumFor(AB)).isZero();
            assertThat(quote.offers(PBX30)).isFalse();
        }

        @Test
        void voicemailIsOfferedUpToThePbxSize() {
            Quote quote = RULES.quote(FULL, bundle(PBX30, 1, VM15, 1));
            assertThat(quote.offers(VM15TO30)).isTrue();
            assertThat(quote.offers(UpgradeLicense.voicemail(15, 60))).isFalse();
            assertThat(quote.offers(PBX30TO60)).isTrue();
        }

        @Test
        void aModelWithoutPbxIsOfferedNoPbxLicenses() {
            assertThat(RULES.quote(BARE, NOTHING).maxima()).containsExactlyEntriesOf(ordered(
                    RELAY_GATEKEEPER, 5, CHANNELS, 2));
            assertThat(RULES.quote(MASTER, bundle(DECT_MULTICELL, 1)).offers(DECT_MULTICELL)).isFalse();
            assertThat(RULES.quote(MASTER, NOTHING).maximumFor(DECT_MULTICELL)).isEqualTo(1);
        }

        private Map<LicenseCode, Integer> ordered(Object... codesAndQuantities) {
            Map<LicenseCode, Integer> map = new LinkedHashMap<>();
            for (int i = 0; i < codesAndQuantities.length; i += 2) {
                map.put((LicenseCode) codesAndQuantities[i], (Integer) codesAndQuantities[i + 1]);
            }
            return map;
        }
    }

    @Test
    void reasonNamesAreAStableContract() {
        assertThat(Arrays.stream(RuleReason.values()).map(Enum::name)).containsExactly(
                "AB_NOT_SUPPORTED", "BRI_NOT_SUPPORTED", "PRI_NOT_SUPPORTED", "PBX_NOT_SUPPORTED",
                "UNKNOWN_LICENSE_SIZE", "SIZE_ABOVE_MODEL_MAXIMUM", "DUPLICATE_PBX_BASE", "SECOND_PBX_BASE",
                "DUPLICATE_VOICEMAIL_BASE", "SECOND_VOICEMAIL_BASE", "UPGRADE_WITHOUT_BASE", "UPGRADE_BASE_MISMATCH",
                "DUPLICATE_UPGRADE", "VOICEMAIL_WITHOUT_PBX_BASE", "VOICEMAIL_ABOVE_PBX_SIZE",
                "REGISTRATIONS_ABOVE_PBX_SIZE", "DECT_MULTICELL_NOT_MASTER", "DECT_MULTICELL_MORE_THAN_ONE",
                "CHANNELS_ABOVE_DSP_MAXIMUM", "PER_BOX_MAXIMUM_EXCEEDED");
    }
}
