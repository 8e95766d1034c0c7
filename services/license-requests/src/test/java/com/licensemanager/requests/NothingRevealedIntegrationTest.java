package com.licensemanager.requests;

import com.licensemanager.schemas.admin.EnableMoveContract;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.common.Rejection;
import com.licensemanager.schemas.portal.AddLicenses;
import com.licensemanager.schemas.portal.AssignLicenses;
import com.licensemanager.schemas.portal.AssignRmaUnitToReplacement;
import com.licensemanager.schemas.portal.DownloadLicenseFile;
import com.licensemanager.schemas.portal.MoveLicenses;
import com.licensemanager.schemas.portal.QuoteAssignment;
import com.licensemanager.schemas.portal.SetUnitDetails;
import com.licensemanager.schemas.portal.ShareUnitWithEndUser;
import com.licensemanager.testsupport.LicensingTestInfrastructureInitializer;
import com.licensemanager.testsupport.portal.LicensingPortal;
import com.licensemanager.testsupport.portal.LicensingPortal.Answer;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static com.licensemanager.testsupport.portal.LicensingPortal.line;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 item 1, "nothing revealed": for every command that names a unit and every kind of actor that is not its
 * owner (another account, a member of another group, the end user the unit is shared with), the owner's unit and a
 * MAC that was never shipped get the same answer: the same reasons, subjects and messages but for the MAC itself.
 * The one exception (a shipped unit nobody has licensed is open to every account) is shown at the end.
 */
@SpringBootTest(classes = LicenseRequestsTestApplication.class)
@ContextConfiguration(initializers = LicensingTestInfrastructureInitializer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NothingRevealedIntegrationTest {

    private static final List<LicenseLine> LICENSES = List.of(line("PBX6#15", 1), line("BRI", 1));

    @Autowired
    DSLContext db;

    private LicensingPortal portal;
    private String ownersUnit;
    private final Map<String, String> actors = new LinkedHashMap<>();
    private final Map<String, String> ownUnlicensedUnitOf = new LinkedHashMap<>();
    private final Map<String, String> ownLicensedUnitOf = new LinkedHashMap<>();

    @BeforeAll
    void anOwnersLicensedUnitAndThreeKindsOfStranger() {
        portal = new LicensingPortal(db);
        String owner = portal.registerNewAccount();
        portal.redeem(owner, portal.issueKey(LICENSES.toArray(LicenseLine[]::new)).getActivationKey());
        ownersUnit = portal.ship("IP811");
        portal.assign(owner, ownersUnit, LICENSES.toArray(LicenseLine[]::new));

        String otherAccount = portal.registerNewAccount();
        String groupMember = portal.registerNewAccount();
        portal.addToGroup(portal.createGroup(), groupMember);
        String endUser = portal.registerNewAccount();
        portal.call(owner, new ShareUnitWithEndUser(ownersUnit, LicensingPortal.emailOf(endUser))).assertAccepted();
        actors.put("another account", otherAccount);
        actors.put("a member of another group", groupMember);
        actors.put("the unit's end user", endUser);

        // Each stranger could move licenses (contract, licenses, a licensed unit of its own), so nothing but the
        // unit stands in the way, and has a shipped unit of its own to move licenses to.
        actors.values().forEach(actor -> {
            portal.admin(actor, new EnableMoveContract(actor)).assertAccepted();
            portal.redeem(actor, portal.issueKey(line("PBX6#15", 2), line("BRI", 2)).getActivationKey());
            String licensed = portal.ship("IP811");
            portal.assign(actor, licensed, LICENSES.toArray(LicenseLine[]::new));
            ownLicensedUnitOf.put(actor, licensed);
            ownUnlicensedUnitOf.put(actor, portal.ship("IP811"));
        });
    }

    @Test
    void aUnitThatIsNotYoursAndAUnitThatDoesNotExistGetTheSameAnswerForEveryCommandAndActor() {
        Map<String, Function<String, Function<String, Object>>> commands = new LinkedHashMap<>();
        commands.put("QuoteAssignment", actor -> mac -> new QuoteAssignment(mac, null));
        commands.put("AssignLicenses", actor -> mac -> new AssignLicenses(mac, null, LICENSES, null, null, null, null));
        commands.put("AddLicenses", actor -> mac -> new AddLicenses(mac, List.of(line("BRI", 1))));
        commands.put("ShareUnitWithEndUser", actor -> mac -> new ShareUnitWithEndUser(mac, LicensingPortal.emailOf(actor)));
        commands.put("SetUnitDetails", actor -> mac -> new SetUnitDetails(mac, "Mine now", null, null, null));
        commands.put("MoveLicenses from it", actor -> mac -> new MoveLicenses(mac, ownUnlicensedUnitOf.get(actor), null));
        commands.put("MoveLicenses to it", actor -> mac -> new MoveLicenses(ownLicensedUnitOf.get(actor), mac, null));
        commands.put("AssignRmaUnitToReplacement from it",
                actor -> mac -> new AssignRmaUnitToReplacement(mac, ownUnlicensedUnitOf.get(actor), null));
        // Its target is looked at only once the actor's own unit is in repair, which needs the repair desk: the
        // target goes through the same UnitAccess.toLicense as MoveLicenses' target above.
        commands.put("DownloadLicenseFile", actor -> mac -> new DownloadLicenseFile(mac));

        int compared = 0;
        for (var kind : actors.entrySet()) {
            String actor = kind.getValue();
            for (var command : commands.entrySet()) {
                if (kind.getKey().equals("the unit's end user") && command.getKey().equals("DownloadLicenseFile")) {
                    continue; // the one thing the end user may do with the unit
                }
                String neverShipped = portal.newMac();
                Answer notYours = portal.call(actor, command.getValue().apply(actor).apply(ownersUnit));
                Answer doesNotExist = portal.call(actor, command.getValue().apply(actor).apply(neverShipped));
                assertThat(shape(notYours, ownersUnit))
                        .as("%s by %s: the owner's unit answered like a MAC never shipped", command.getKey(), kind.getKey())
                        .isEqualTo(shape(doesNotExist, neverShipped))
                        .isNotEmpty();
                assertThat(notYours.reasons()).as("%s by %s", command.getKey(), kind.getKey())
                        .containsExactly("NOT_PERMITTED");
                compared++;
            }
        }
        assertThat(compared).isEqualTo(3 * commands.size() - 1);
    }

    /** The exception: a shipped unit nobody licensed is open to every account, so quoting it tells that it exists. */
    @Test
    void aShippedUnitNobodyLicensedIsTheOneExceptionAndRevealsOnlyThat() {
        String actor = actors.get("another account");
        String nobodys = portal.ship("IP811");
        portal.call(actor, new QuoteAssignment(nobodys, null)).assertAccepted();
        portal.call(actor, new QuoteAssignment(portal.newMac(), null)).assertRejected("NOT_PERMITTED");
        portal.call(actor, new AddLicenses(nobodys, List.of(line("BRI", 1)))).assertRejected("UNIT_NOT_LICENSED");
        // Whatever is only the owner's stays closed on it as well.
        portal.call(actor, new SetUnitDetails(nobodys, "Mine now", null, null, null)).assertRejected("NOT_PERMITTED");
        portal.call(actor, new DownloadLicenseFile(nobodys)).assertRejected("NOT_PERMITTED");
    }

    /** Reasons, subjects and messages, with the MAC the request named written as {@code <mac>}. */
    private static List<String> shape(Answer answer, String mac) {
        assertThat(answer.accepted()).as("accepted: %s", answer.result()).isFalse();
        return answer.result().getRejections().stream().map((Rejection r) -> String.join(" | ", r.getReason(),
                String.valueOf(r.getSubject()).replace(mac, "<mac>"), r.getMessage().replace(mac, "<mac>"))).toList();
    }
}
