package com.licensemanager.requests.model;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.licensemanager.testsupport.portal.LicensingPortal.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The group budget of {@link LicensingModel}, without the service: a line within a member's budget must be covered
 * in every interleaving of the phase, also when the request carrying it is rejected for another reason (the
 * service checks its lines against the balance all the same, whenever it comes to it).
 */
class LicensingModelTest {

    private static final String RELAY = "Relay-Gatekeeper";

    private final LicensingModel model = new LicensingModel("model-test", 3, new int[]{2}, 0);
    private final Account first = model.accounts.get(0);
    private final Account second = model.accounts.get(1);
    private final Account solo = model.accounts.get(2);

    /** The group holds 447 of Relay-Gatekeeper when the phase starts, as in phase 4 of the seed that failed. */
    @BeforeEach
    void groupWith447() {
        model.keyIssued("KEY-GROUP", List.of(line(RELAY, 447)));
        model.redeem(first, "KEY-GROUP");
        model.keyIssued("KEY-SOLO", List.of(line(RELAY, 10)));
        model.redeem(solo, "KEY-SOLO");
        model.startPhase();
    }

    @Test
    void aMembersRejectedLinesAreKeptBackSoNoLaterRequestOfTheGroupCountsOnThem() {
        // Rejected SECOND_PBX_BASE, but the service still checks its 165 against the balance when it comes to it.
        model.keepBack(first, bundle(165));

        assertThat(model.available(second, RELAY)).as("what the other member may still count on").isEqualTo(282);
        assertThat(model.balanceOf(second).available(RELAY)).as("nothing is debited").isEqualTo(447);
        // 383 more, handled first on another partition, would leave the rejected request short: never generated.
        assertThatThrownBy(() -> model.shortfalls(second, bundle(383))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ambiguous group request");
        assertThat(model.shortfalls(second, bundle(282))).isEmpty();
    }

    @Test
    void aLineBeyondTheBudgetIsShortInEveryInterleavingAndKeepsNothingBack() {
        model.keepBack(first, bundle(LicensingModel.OVER));

        assertThat(model.available(second, RELAY)).isEqualTo(447);
        assertThat(model.shortfalls(second, bundle(LicensingModel.OVER))).containsExactly("INSUFFICIENT_BALANCE");
    }

    @Test
    void anAccountOutsideGroupsHasItsBalanceToItselfAndNothingToKeepBack() {
        model.keepBack(solo, bundle(4));

        assertThat(model.available(solo, RELAY)).isEqualTo(10);
    }

    @Test
    void theNextPhaseBudgetsFromTheBalanceAgain() {
        model.keepBack(first, bundle(165));
        model.startPhase();

        assertThat(model.available(second, RELAY)).isEqualTo(447);
    }

    private static LicenseBundle bundle(int quantity) {
        return LicenseBundle.of(LicenseCode.parse(RELAY), quantity);
    }
}
