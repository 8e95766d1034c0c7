package com.licensemanager.requests.direct;

import com.licensemanager.platform.topics.Topics;
import com.licensemanager.requests.decision.Reason;
import com.licensemanager.schemas.licensing.AccountRegistered;
import com.licensemanager.schemas.licensing.AssignmentQuoted;
import com.licensemanager.schemas.licensing.BalanceState;
import com.licensemanager.schemas.licensing.KeyRedeemed;
import com.licensemanager.schemas.licensing.LicensesAssigned;
import com.licensemanager.schemas.licensing.TransferKeyCreated;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.schemas.portal.AddLicenses;
import com.licensemanager.schemas.portal.AssignLicenses;
import com.licensemanager.schemas.portal.CreateTransferKey;
import com.licensemanager.schemas.portal.DownloadLicenseFile;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.schemas.portal.MoveLicenses;
import com.licensemanager.schemas.portal.QuoteAssignment;
import com.licensemanager.schemas.portal.RedeemActivationKey;
import com.licensemanager.schemas.portal.RegisterAccount;
import com.licensemanager.testsupport.portal.LicensingPortal;
import com.licensemanager.testsupport.portal.LicensingPortal.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static com.licensemanager.testsupport.portal.LicensingPortal.figures;
import static com.licensemanager.testsupport.portal.LicensingPortal.line;
import static com.licensemanager.testsupport.portal.LicensingPortal.quantities;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The license-request decisions on PostgreSQL alone (no broker, no registry): each request goes through the real
 * consumer path (inbox, handler, outbox) and its answer and published states are read from the outbox. The
 * end-to-end stories over Kafka stay in the integration tests; these run in seconds.
 */
class LicenseRequestDecisionsTest {

    @RegisterExtension
    static final DirectLicensing licensing = new DirectLicensing();

    @Test
    void anAccountRedeemsAKeyAndLicensesAUnitWithinWhatItHolds() {
        String account = registered();
        String key = licensing.issueKey(line("Channels", 10), line("PBX6#15", 1));
        KeyRedeemed redeemed = licensing.call(account, new RedeemActivationKey(key)).outcome(KeyRedeemed.class);
        assertThat(figures(redeemed.getBalance())).containsEntry("Channels", List.of(10, 0, 0, 10));

        String mac = licensing.ship("IP811");
        AssignmentQuoted quote = licensing.call(account, new QuoteAssignment(mac, null)).outcome(AssignmentQuoted.class);
        assertThat(quote.getModel()).isEqualTo("IP811");

        LicensesAssigned assigned = licensing.call(account,
                new AssignLicenses(mac, null, List.of(line("Channels", 4)), "Customer", null, null, null))
                .outcome(LicensesAssigned.class);
        assertThat(quantities(assigned.getUnitLicenses())).containsExactlyEntriesOf(Map.of("Channels", 4));
        assertThat(assigned.getLicenseFile()).isNotNull();

        BalanceState balance = licensing.latestState(Topics.BALANCES, account, BalanceState.class);
        assertThat(figures(balance.getLines())).containsEntry("Channels", List.of(10, 4, 0, 6));
        UnitState unit = licensing.latestState(Topics.UNITS, mac, UnitState.class);
        assertThat(unit.getOwner()).isEqualTo(account);
        assertThat(quantities(unit.getLicenses())).containsEntry("Channels", 4);
    }

    @Test
    void aRejectedAssignmentNamesEveryProblemAtOnceAndChangesNothing() {
        String account = registered();
        licensing.call(account, new RedeemActivationKey(licensing.issueKey(line("Channels", 2)))).assertAccepted();
        String mac = licensing.ship("IP811");

        Answer answer = licensing.call(account, new AssignLicenses(mac, null,
                List.of(line("Channels", 3), line("AB", 1)), null, null, null, null));

        // The unit's rules and the balance are both checked: an IP811 has no a/b ports, and the balance is short.
        answer.assertRejected("AB_NOT_SUPPORTED", Reason.INSUFFICIENT_BALANCE.name(),
                Reason.INSUFFICIENT_BALANCE.name());
        assertThat(answer.result().getRejections()).filteredOn(r -> r.getReason().equals("INSUFFICIENT_BALANCE"))
                .extracting(r -> r.getSubject()).containsExactlyInAnyOrder("Channels", "AB");
        BalanceState balance = licensing.latestState(Topics.BALANCES, account, BalanceState.class);
        assertThat(figures(balance.getLines())).containsEntry("Channels", List.of(2, 0, 0, 2));
    }

    @Test
    void aRequestIsAnsweredOnceWhateverTheRedeliveries() {
        String account = registered();
        LicenseRequest request = LicensingPortal.request(account, new CreateTransferKey(List.of(line("AB", 1))));
        String first = licensing.deliver(request);
        Answer answer = licensing.answersTo(first).getFirst();
        answer.assertRejected(Reason.INSUFFICIENT_BALANCE.name());

        // The broker delivers the same message again: the inbox knows it, nothing is answered twice.
        assertThat(licensing.redeliverSilently(request, first)).isEmpty();
        // The portal sends the same request id under a new message id: the same event is published again.
        String resent = licensing.deliver(request);
        assertThat(licensing.answersTo(resent)).singleElement()
                .satisfies(again -> assertThat(again.eventId()).isEqualTo(answer.eventId()));
    }

    @Test
    void aTransferKeyCarriesLicensesFromOneBalanceToAnother() {
        String giver = registered();
        String taker = registered();
        licensing.call(giver, new RedeemActivationKey(licensing.issueKey(line("Channels", 5)))).assertAccepted();

        TransferKeyCreated transfer = licensing.call(giver, new CreateTransferKey(List.of(line("Channels", 2))))
                .outcome(TransferKeyCreated.class);
        licensing.call(taker, new RedeemActivationKey(transfer.getActivationKey())).assertAccepted();

        assertThat(figures(licensing.latestState(Topics.BALANCES, giver, BalanceState.class).getLines()))
                .containsEntry("Channels", List.of(5, 0, 2, 3));
        assertThat(figures(licensing.latestState(Topics.BALANCES, taker, BalanceState.class).getLines()))
                .containsEntry("Channels", List.of(2, 0, 0, 2));
        // A key is redeemed once.
        licensing.call(giver, new RedeemActivationKey(transfer.getActivationKey()))
                .assertRejected(Reason.KEY_ALREADY_REDEEMED.name());
    }

    @Test
    void anotherAccountsUnitAndAUnitThatDoesNotExistAreAnsweredAlike() {
        String owner = registered();
        String outsider = registered();
        licensing.call(owner, new RedeemActivationKey(licensing.issueKey(line("Channels", 2)))).assertAccepted();
        String mac = licensing.ship("IP811");
        licensing.call(owner, new AssignLicenses(mac, null, List.of(line("Channels", 1)), null, null, null, null))
                .assertAccepted();
        String neverShipped = licensing.ship("IP811").replaceFirst("..$", "FF");

        Answer notYours = licensing.call(outsider, new DownloadLicenseFile(mac));
        Answer notThere = licensing.call(outsider, new DownloadLicenseFile(neverShipped));

        notYours.assertRejected(Reason.NOT_PERMITTED.name());
        notThere.assertRejected(Reason.NOT_PERMITTED.name());
        assertThat(notYours.rejection(Reason.NOT_PERMITTED.name()).getMessage())
                .isEqualTo(notThere.rejection(Reason.NOT_PERMITTED.name()).getMessage());
    }

    @Test
    void requestsOfAnUnregisteredAccountAndMovesWithoutAContractAreTurnedAway() {
        licensing.call(LicensingPortal.newAccountId(), new AddLicenses(licensing.ship("IP811"),
                List.of(line("Channels", 1)))).assertRejected(Reason.ACCOUNT_NOT_REGISTERED.name());

        String account = registered();
        licensing.call(account, new RedeemActivationKey(licensing.issueKey(line("Channels", 1)))).assertAccepted();
        String from = licensing.ship("IP811");
        licensing.call(account, new AssignLicenses(from, null, List.of(line("Channels", 1)), null, null, null, null))
                .assertAccepted();
        licensing.call(account, new MoveLicenses(from, licensing.ship("IP811"), null))
                .assertRejected(Reason.MOVE_CONTRACT_MISSING.name());
    }

    private static String registered() {
        String account = LicensingPortal.newAccountId();
        licensing.call(account, new RegisterAccount(LicensingPortal.emailOf(account), "Company"))
                .outcome(AccountRegistered.class);
        return account;
    }
}
