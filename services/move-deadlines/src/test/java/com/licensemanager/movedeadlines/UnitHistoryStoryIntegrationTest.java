package com.licensemanager.movedeadlines;

import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.licensing.BalanceState;
import com.licensemanager.schemas.licensing.HistoryEntry;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.schemas.licensing.UnitStatus;
import com.licensemanager.schemas.portal.AddLicenses;
import com.licensemanager.schemas.portal.AssignLicenses;
import com.licensemanager.schemas.portal.AssignRmaUnitToReplacement;
import com.licensemanager.schemas.portal.CreateTransferKey;
import com.licensemanager.schemas.portal.MoveLicenses;
import com.licensemanager.schemas.portal.ShareUnitWithEndUser;
import com.licensemanager.schemas.repair.RmaEvent;
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

import java.util.ArrayList;
import java.util.List;

import static com.licensemanager.testsupport.portal.LicensingPortal.figures;
import static com.licensemanager.testsupport.portal.LicensingPortal.line;
import static com.licensemanager.testsupport.portal.LicensingPortal.quantities;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17's acceptance: a unit's story played through the topics by the teams around the service (the warehouse
 * ships, the portal assigns, adds, shares and moves, the repair desk reports, the portal assigns the replacement)
 * is read back from {@code licensing.history.v1}, complete and in order, with who caused each change; and the
 * balance's history explains its figures: its entries add up to the published balance.
 */
@SpringBootTest(classes = MovesTestApplication.class)
@ContextConfiguration(initializers = LicensingTestInfrastructureInitializer.class)
class UnitHistoryStoryIntegrationTest {

    private static final List<LicenseLine> PBX = MoveStories.PBX;

    @Autowired
    DSLContext db;

    @Autowired
    History history;

    @Test
    void aUnitsStoryFromShipmentToReplacementIsReadBackInOrderAndTheBalanceAddsUp() {
        LicensingPortal portal = new LicensingPortal(db);
        MoveStories stories = new MoveStories(portal);
        List<LicenseLine> bought = new ArrayList<>(PBX);
        bought.add(line("Channels", 4));
        String account = stories.accountWithContractAndLicenses(bought);
        String endUser = portal.registerNewAccount();
        String first = portal.ship("IP811");
        String second = portal.ship("IP811");
        String third = portal.ship("IP811");

        String assign = stories.accepted(account, new AssignLicenses(first, null, PBX, "Dental Practice", "Berlin",
                null, null)).getRequestId();
        String add = stories.accepted(account, new AddLicenses(first, List.of(line("Channels", 2)))).getRequestId();
        String share = stories.accepted(account, new ShareUnitWithEndUser(first, LicensingPortal.emailOf(endUser)))
                .getRequestId();
        stories.accepted(account, new CreateTransferKey(List.of(line("Channels", 1))));
        String move = stories.accepted(account, new MoveLicenses(first, second, null)).getRequestId();
        portal.notifyRepairDesk(first, RmaEvent.RETURNED_TO_VENDOR);
        portal.notifyRepairDesk(second, RmaEvent.RECEIVED_FOR_REPAIR);
        portal.awaitUnit(second, unit -> unit.getStatus() == UnitStatus.RMA);
        String replace = stories.accepted(account, new AssignRmaUnitToReplacement(second, third, null)).getRequestId();

        List<HistoryEntry> firstStory = awaitHistory(portal, first, 6);
        assertThat(firstStory).extracting(entry -> entry.getChange().name()).containsExactly(
                "SHIPPED", "LICENSED", "ADDED", "SHARED", "MOVED_OUT", "RETURNED_TO_VENDOR");
        assertThat(firstStory).extracting(HistoryEntry::getRequestId).containsSequence(assign, add, share, move);
        assertThat(firstStory).extracting(HistoryEntry::getAccount)
                .containsExactly(null, account, account, account, account, null);
        assertThat(firstStory.get(3).getRelated()).isEqualTo(endUser);
        assertThat(firstStory.get(4).getRelated()).isEqualTo(second);
        assertThat(quantities(firstStory.get(2).getLicensesAfter()))
                .containsEntry("PBX6#15", 1).containsEntry("BRI", 1).containsEntry("Channels", 2);

        List<HistoryEntry> secondStory = awaitHistory(portal, second, 4);
        assertThat(secondStory).extracting(entry -> entry.getChange().name())
                .containsExactly("SHIPPED", "MOVED_IN", "RMA", "REPLACED");
        assertThat(secondStory.get(1).getRelated()).isEqualTo(first);
        assertThat(secondStory.get(3).getRequestId()).isEqualTo(replace);

        List<HistoryEntry> thirdStory = awaitHistory(portal, third, 2);
        assertThat(thirdStory).extracting(entry -> entry.getChange().name()).containsExactly("SHIPPED", "REPLACEMENT");
        assertThat(thirdStory.get(1).getOwnerAfter()).isEqualTo(account);

        for (String mac : List.of(first, second, third)) {
            UnitState state = portal.awaitUnit(mac, unit -> true);
            // The topic carries what the table holds, in order; and each unit's entries add up to its licenses.
            assertThat(portal.values(Topics.HISTORY, mac, HistoryEntry.class)).as("history of %s", mac)
                    .isEqualTo(history.of(SubjectKind.UNIT, mac));
            assertThat(HistorySums.unitLicenses(history.of(SubjectKind.UNIT, mac))).as("licenses of %s", mac)
                    .isEqualTo(quantities(state.getLicenses()));
        }

        List<HistoryEntry> balance = awaitHistory(portal, account, 4);
        assertThat(balance).extracting(entry -> entry.getChange().name())
                .containsExactly("KEY_REDEEMED", "LICENSED", "ADDED", "TRANSFER_KEY_CREATED");
        BalanceState published = portal.awaitBalance(account, state -> figures(state.getLines())
                .equals(figures(balance.getLast().getLinesAfter())));
        assertThat(figures(HistorySums.balanceLines(balance))).isEqualTo(figures(published.getLines()))
                .containsEntry("Channels", List.of(4, 2, 1, 1)).containsEntry("BRI", List.of(1, 1, 0, 0));
    }

    /** The subject's entries on the topic once all {@code count} have arrived, in the order they arrived. */
    private static List<HistoryEntry> awaitHistory(LicensingPortal portal, String subject, int count) {
        List<HistoryEntry> entries = portal.awaitValues(Topics.HISTORY, subject, HistoryEntry.class, count);
        assertThat(entries).extracting(HistoryEntry::getPosition).isSorted();
        return entries;
    }
}
