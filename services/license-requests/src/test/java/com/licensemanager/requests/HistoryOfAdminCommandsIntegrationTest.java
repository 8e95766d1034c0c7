package com.licensemanager.requests;

import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.admin.RefundImpossibleLicense;
import com.licensemanager.schemas.common.BalanceLine;
import com.licensemanager.schemas.licensing.BalanceState;
import com.licensemanager.schemas.licensing.HistoryEntry;
import com.licensemanager.schemas.portal.AssignLicenses;
import com.licensemanager.state.history.History;
import com.licensemanager.state.history.HistorySums;
import com.licensemanager.state.history.SubjectKind;
import com.licensemanager.testsupport.LicensingTestInfrastructureInitializer;
import com.licensemanager.testsupport.portal.LicensingPortal;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import java.util.List;
import java.util.Map;

import static com.licensemanager.platform.db.Tables.BALANCE;
import static com.licensemanager.platform.db.Tables.UNIT_LICENSE;
import static com.licensemanager.testsupport.portal.LicensingPortal.figures;
import static com.licensemanager.testsupport.portal.LicensingPortal.line;
import static com.licensemanager.testsupport.portal.LicensingPortal.quantities;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history of what vendor staff change (issue 17), through the real topics: an account joining a group moves its
 * lines to the group's balance, and both balances' histories still add up; its units change owner; a refund takes
 * licenses off the unit and returns them to the balance, each with its entry, caused by the staff member.
 */
@SpringBootTest(classes = LicenseRequestsTestApplication.class)
@ContextConfiguration(initializers = LicensingTestInfrastructureInitializer.class)
class HistoryOfAdminCommandsIntegrationTest {

    @Autowired
    DSLContext db;

    @Autowired
    History history;

    @Test
    void anAccountJoiningAGroupMovesItsLinesAndUnitsAndBothHistoriesStillAddUp() {
        LicensingPortal portal = new LicensingPortal(db);
        String account = portal.registerNewAccount();
        portal.redeem(account, portal.issueKey(line("Channels", 6)).getActivationKey());
        String mac = portal.ship("IP811");
        portal.assign(account, mac, line("Channels", 2));
        String group = portal.createGroup();

        portal.addToGroup(group, account);

        List<HistoryEntry> left = portal.awaitValues(Topics.HISTORY, account, HistoryEntry.class, 3);
        assertThat(left).extracting(entry -> entry.getChange().name())
                .containsExactly("KEY_REDEEMED", "LICENSED", "JOINED_GROUP");
        assertThat(left.getLast().getRelated()).isEqualTo(group);
        assertThat(left.getLast().getAccount()).startsWith("staff:");
        // Its lines left it: what its history adds up to is nothing, as its balance now is.
        assertThat(HistorySums.balanceLines(left)).isEmpty();
        assertThat(db.fetchCount(BALANCE, BALANCE.OWNER.eq(account))).isZero();

        List<HistoryEntry> joined = portal.awaitValues(Topics.HISTORY, group, HistoryEntry.class, 1);
        assertThat(joined.getFirst().getChange().name()).isEqualTo("MEMBER_JOINED");
        assertThat(joined.getFirst().getRelated()).isEqualTo(account);
        BalanceState groupBalance = portal.awaitFigures(group, Map.of("Channels", List.of(6, 2, 0, 4)));
        assertThat(figures(HistorySums.balanceLines(joined))).isEqualTo(figures(groupBalance.getLines()));
        assertThat(joined.getFirst().getLinesAfter()).isEqualTo(groupBalance.getLines());

        List<HistoryEntry> unit = portal.awaitValues(Topics.HISTORY, mac, HistoryEntry.class, 3);
        assertThat(unit).extracting(entry -> entry.getChange().name())
                .containsExactly("SHIPPED", "LICENSED", "JOINED_GROUP");
        assertThat(unit.getLast().getOwnerAfter()).isEqualTo(group);
        assertThat(quantities(unit.getLast().getLicensesAfter())).isEqualTo(Map.of("Channels", 2));
    }

    @Test
    void aRefundTakesTheLicensesOffTheUnitAndReturnsThemToTheBalanceEachWithItsEntry() {
        LicensingPortal portal = new LicensingPortal(db);
        String account = portal.registerNewAccount();
        portal.redeem(account, portal.issueKey(line("Channels", 40)).getActivationKey());
        String mac = portal.ship("IP811");
        portal.call(account, new AssignLicenses(mac, null, List.of(line("Channels", 30)), null, null, null, null))
                .assertAccepted();
        // Licenses the rules no longer allow, as a catalogue correction leaves them (IP811 has 32 DSP channels):
        // entered as the service once would have, ledger and balance alike. Only these are the staff's to refund.
        db.insertInto(UNIT_LICENSE, UNIT_LICENSE.MAC, UNIT_LICENSE.LICENSE_CODE, UNIT_LICENSE.QUANTITY,
                UNIT_LICENSE.REASON, UNIT_LICENSE.REQUEST_ID).values(mac, "Channels", 5, "ADDED", "before-the-correction")
                .execute();
        db.update(BALANCE).set(BALANCE.USED, BALANCE.USED.plus(5))
                .where(BALANCE.OWNER.eq(account).and(BALANCE.LICENSE_CODE.eq("Channels"))).execute();

        LicensingPortal.Answer refund = portal.admin(mac, new RefundImpossibleLicense(mac, "Channels", 3))
                .assertAccepted();

        HistoryEntry unitEntry = portal.awaitValues(Topics.HISTORY, mac, HistoryEntry.class, 3).getLast();
        assertThat(unitEntry.getChange().name()).isEqualTo("REFUNDED");
        assertThat(unitEntry.getRequestId()).isEqualTo(refund.result().getRequestId());
        assertThat(unitEntry.getAccount()).startsWith("staff:");
        assertThat(quantities(unitEntry.getLicenses())).isEqualTo(Map.of("Channels", -3));
        assertThat(quantities(unitEntry.getLicensesAfter())).isEqualTo(Map.of("Channels", 32));

        HistoryEntry balanceEntry = portal.awaitValues(Topics.HISTORY, account, HistoryEntry.class, 3).getLast();
        assertThat(balanceEntry.getChange().name()).isEqualTo("REFUNDED");
        assertThat(balanceEntry.getRelated()).isEqualTo(mac);
        assertThat(balanceEntry.getBalanceChanges()).singleElement().satisfies(change -> {
            assertThat(change.getLicenseCode()).isEqualTo("Channels");
            assertThat(List.of(change.getUploaded(), change.getUsed(), change.getTransferred()))
                    .containsExactly(0, -3, 0);
        });
        assertThat(balanceEntry.getLinesAfter()).containsExactly(new BalanceLine("Channels", 40, 32, 0, 8));
        // What the service itself changed adds up; the 5 entered behind its back are the difference, as they should.
        assertThat(figures(HistorySums.balanceLines(history.of(SubjectKind.BALANCE, account))))
                .isEqualTo(Map.of("Channels", List.of(40, 27, 0, 13)));
    }
}
