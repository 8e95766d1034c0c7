package com.licensemanager.requests.direct;

import com.licensemanager.requests.decision.Reason;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.common.Rejection;
import com.licensemanager.schemas.portal.AddLicenses;
import com.licensemanager.schemas.portal.AssignLicenses;
import com.licensemanager.schemas.portal.AssignRmaUnitToReplacement;
import com.licensemanager.schemas.portal.DownloadLicenseFile;
import com.licensemanager.schemas.portal.MoveLicenses;
import com.licensemanager.schemas.portal.QuoteAssignment;
import com.licensemanager.schemas.portal.RedeemActivationKey;
import com.licensemanager.schemas.portal.RegisterAccount;
import com.licensemanager.schemas.portal.SetUnitDetails;
import com.licensemanager.schemas.portal.ShareUnitWithEndUser;
import com.licensemanager.state.accounts.Accounts;
import com.licensemanager.testsupport.portal.LicensingPortal;
import com.licensemanager.testsupport.portal.LicensingPortal.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static com.licensemanager.testsupport.portal.LicensingPortal.line;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 item 1, the decision on PostgreSQL alone: for every command that names a unit and every kind of actor
 * that is not its owner, the owner's licensed unit and a MAC never shipped get the same answer, reason, subject
 * shape and message. {@code NothingRevealedIntegrationTest} shows the same over Kafka.
 */
class NothingRevealedDecisionsTest {

    @RegisterExtension
    static final DirectLicensing licensing = new DirectLicensing();

    private static final List<LicenseLine> LICENSES = List.of(line("Channels", 1));

    @Test
    void forEveryCommandAndKindOfStrangerAUnitNotYoursAndOneNeverShippedAreAnsweredAlike() {
        String owner = registeredWithLicenses();
        String ownersUnit = licensing.ship("IP811");
        licensing.call(owner, new AssignLicenses(ownersUnit, null, LICENSES, null, null, null, null)).assertAccepted();

        String groupMember = registered();
        String group = "group-" + groupMember;
        licensing.bean(TransactionTemplate.class).executeWithoutResult(status -> {
            licensing.bean(Accounts.class).createGroup(group, "Group of " + groupMember);
            licensing.bean(Accounts.class).joinGroup(groupMember, group);
        });
        String endUser = registered();
        licensing.call(owner, new ShareUnitWithEndUser(ownersUnit, LicensingPortal.emailOf(endUser))).assertAccepted();
        Map<String, String> strangers = new LinkedHashMap<>();
        strangers.put("another account", registered());
        strangers.put("a member of another group", groupMember);
        strangers.put("the unit's end user", endUser);

        Map<String, BiFunction<String, String, Object>> commands = new LinkedHashMap<>();
        commands.put("QuoteAssignment", (actor, mac) -> new QuoteAssignment(mac, null));
        commands.put("AssignLicenses", (actor, mac) -> new AssignLicenses(mac, null, LICENSES, null, null, null, null));
        commands.put("AddLicenses", (actor, mac) -> new AddLicenses(mac, LICENSES));
        commands.put("ShareUnitWithEndUser", (actor, mac) -> new ShareUnitWithEndUser(mac, LicensingPortal.emailOf(actor)));
        commands.put("SetUnitDetails", (actor, mac) -> new SetUnitDetails(mac, "Mine now", null, null, null));
        commands.put("DownloadLicenseFile", (actor, mac) -> new DownloadLicenseFile(mac));
        commands.put("MoveLicenses from it", (actor, mac) -> new MoveLicenses(mac, licensing.ship("IP811"), null));
        commands.put("AssignRmaUnitToReplacement from it",
                (actor, mac) -> new AssignRmaUnitToReplacement(mac, licensing.ship("IP811"), null));

        int compared = 0;
        for (var stranger : strangers.entrySet()) {
            for (var command : commands.entrySet()) {
                if (stranger.getKey().equals("the unit's end user") && command.getKey().equals("DownloadLicenseFile")) {
                    continue; // what the end user may do
                }
                String actor = stranger.getValue();
                String neverShipped = neverShipped();
                Answer notYours = licensing.call(actor, command.getValue().apply(actor, ownersUnit));
                Answer notThere = licensing.call(actor, command.getValue().apply(actor, neverShipped));
                assertThat(shape(notYours, ownersUnit)).as("%s by %s", command.getKey(), stranger.getKey())
                        .isEqualTo(shape(notThere, neverShipped))
                        .containsExactly("NOT_PERMITTED | <mac> | not permitted");
                compared++;
            }
        }
        assertThat(compared).isEqualTo(3 * commands.size() - 1);
    }

    @Test
    void aStrangerWithoutAMoveContractIsToldTheUnitIsNotHisBeforeHeIsToldAboutTheContract() {
        String owner = registeredWithLicenses();
        String ownersUnit = licensing.ship("IP811");
        licensing.call(owner, new AssignLicenses(ownersUnit, null, LICENSES, null, null, null, null)).assertAccepted();
        String stranger = registered();

        licensing.call(stranger, new MoveLicenses(ownersUnit, licensing.ship("IP811"), null))
                .assertRejected(Reason.NOT_PERMITTED.name());
        licensing.call(stranger, new MoveLicenses(neverShipped(), licensing.ship("IP811"), null))
                .assertRejected(Reason.NOT_PERMITTED.name());
    }

    /** The exception: a shipped unit nobody licensed is open to every account; it reveals that it exists. */
    @Test
    void aShippedUnitNobodyLicensedIsTheOneException() {
        String account = registeredWithLicenses();
        String nobodys = licensing.ship("IP811");

        licensing.call(account, new QuoteAssignment(nobodys, null)).assertAccepted();
        licensing.call(account, new QuoteAssignment(neverShipped(), null)).assertRejected(Reason.NOT_PERMITTED.name());
        licensing.call(account, new AddLicenses(nobodys, LICENSES)).assertRejected(Reason.UNIT_NOT_LICENSED.name());
        licensing.call(account, new SetUnitDetails(nobodys, "x", null, null, null))
                .assertRejected(Reason.NOT_PERMITTED.name());
    }

    private static String neverShipped() {
        return licensing.ship("IP811").replaceFirst("..$", "FF").replaceFirst("^(.{9})..", "$1FF");
    }

    private static List<String> shape(Answer answer, String mac) {
        assertThat(answer.accepted()).as("accepted: %s", answer.result()).isFalse();
        return answer.result().getRejections().stream().map((Rejection r) -> String.join(" | ", r.getReason(),
                String.valueOf(r.getSubject()).replace(mac, "<mac>"), r.getMessage().replace(mac, "<mac>"))).toList();
    }

    private static String registered() {
        String account = LicensingPortal.newAccountId();
        licensing.call(account, new RegisterAccount(LicensingPortal.emailOf(account), "Company")).assertAccepted();
        return account;
    }

    private static String registeredWithLicenses() {
        String account = registered();
        licensing.call(account, new RedeemActivationKey(licensing.issueKey(line("Channels", 5)))).assertAccepted();
        return account;
    }
}
