package com.licensemanager.requests.direct;

import com.licensemanager.requests.decision.Reason;
import com.licensemanager.requests.decision.RequestedLicenses;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.portal.AddLicenses;
import com.licensemanager.schemas.portal.AssignLicenses;
import com.licensemanager.schemas.portal.RedeemActivationKey;
import com.licensemanager.schemas.portal.RegisterAccount;
import com.licensemanager.schemas.portal.SetUnitDetails;
import com.licensemanager.schemas.portal.ShareUnitWithEndUser;
import com.licensemanager.testsupport.portal.LicensingPortal;
import com.licensemanager.testsupport.portal.LicensingPortal.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static com.licensemanager.testsupport.portal.LicensingPortal.line;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 item 8, hostile but decodable input: each kind gets a clear rejection naming the field or line (or the
 * documented limit), nothing is changed, and the next ordinary request is answered as ever. Before, a NUL in a
 * company failed in the database and went to the dead-letter topic unanswered, and two lines of 2^31-1 added up to
 * a negative quantity that failed the request the same way.
 */
class HostileInputDecisionsTest {

    @RegisterExtension
    static final DirectLicensing licensing = new DirectLicensing();

    private static final String TEN_THOUSAND = "x".repeat(10_000);

    @Test
    void tenThousandCharacterTextsAreRefusedNamingTheField() {
        String account = LicensingPortal.newAccountId();
        Answer answer = licensing.call(account, new RegisterAccount(TEN_THOUSAND + "@example.com", TEN_THOUSAND));
        answer.assertRejected(Reason.TEXT_TOO_LONG.name(), Reason.TEXT_TOO_LONG.name());
        assertThat(answer.result().getRejections()).extracting(r -> r.getSubject()).containsExactly("email", "company");

        String owner = registered();
        String unit = licensedUnit(owner);
        licensing.call(owner, new SetUnitDetails(unit, null, null, TEN_THOUSAND, null))
                .assertRejected(Reason.TEXT_TOO_LONG.name());
        licensing.call(owner, new ShareUnitWithEndUser(unit, TEN_THOUSAND)).assertRejected(Reason.TEXT_TOO_LONG.name());
        stillAnsweringAsEver();
    }

    @Test
    void controlCharactersAreRefusedNamingTheField() {
        String account = LicensingPortal.newAccountId();
        licensing.call(account, new RegisterAccount(LicensingPortal.emailOf(account), "Nul\u0000 Ltd"))
                .assertRejected(Reason.TEXT_HAS_CONTROL_CHARACTERS.name());
        licensing.call(account, new RegisterAccount("a\u0000b@example.com", "Company"))
                .assertRejected(Reason.TEXT_HAS_CONTROL_CHARACTERS.name());

        String owner = registered();
        String unit = licensing.ship("IP811");
        Answer assign = licensing.call(owner, new AssignLicenses(unit, null, List.of(line("Channels", 1)),
                "Line\nbreak", null, "Bell\u0007", null));
        assign.assertRejected(Reason.TEXT_HAS_CONTROL_CHARACTERS.name(), Reason.TEXT_HAS_CONTROL_CHARACTERS.name());
        assertThat(assign.result().getRejections()).extracting(r -> r.getSubject())
                .containsExactly("endCustomer", "comment1");
        stillAnsweringAsEver();
    }

    @Test
    void hugeQuantitiesAndAThousandLinesAreAnsweredAndNeverOverflow() {
        String owner = registered();
        String unit = licensedUnit(owner);
        // One line of 2^31-1 on a unit that holds the code already: it overflowed in the per-box rules.
        licensing.call(owner, new AddLicenses(unit, List.of(line("Channels", Integer.MAX_VALUE))))
                .assertRejected(Reason.QUANTITY_TOO_LARGE.name());
        // Below the limit, a request for far too much is decided as any other.
        assertThat(licensing.call(owner, new AddLicenses(unit, List.of(line("Channels", RequestedLicenses.MAX_QUANTITY))))
                .reasons()).contains(Reason.INSUFFICIENT_BALANCE.name());
        // Two lines of one code whose sum overflows an int.
        licensing.call(owner, new AddLicenses(unit, List.of(line("Channels", Integer.MAX_VALUE),
                line("Channels", Integer.MAX_VALUE)))).assertRejected(Reason.QUANTITY_TOO_LARGE.name());
        List<LicenseLine> thousand = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            thousand.add(line("Channels", 1));
        }
        licensing.call(owner, new AddLicenses(unit, thousand)).assertRejected(Reason.TOO_MANY_LINES.name());
        // At the limit, a request is decided as any other: here, more than the balance holds.
        assertThat(licensing.call(owner, new AddLicenses(unit, thousand.subList(0, RequestedLicenses.MAX_LINES)))
                .reasons()).contains(Reason.INSUFFICIENT_BALANCE.name());
        stillAnsweringAsEver();
    }

    @Test
    void aKeyOfTheWrongLengthAndAnEmptyMacAreRefusedAsMalformed() {
        String owner = registered();
        licensing.call(owner, new RedeemActivationKey("ABCD-EFGH")).assertRejected(Reason.KEY_MALFORMED.name());
        licensing.call(owner, new RedeemActivationKey("A".repeat(10_000))).assertRejected(Reason.KEY_MALFORMED.name());
        Answer emptyMac = licensing.call(owner, new AddLicenses("", List.of(line("Channels", 1))));
        assertThat(emptyMac.accepted()).isFalse();
        assertThat(emptyMac.reasons()).singleElement().asString().startsWith("MAC_");
        stillAnsweringAsEver();
    }

    /** The service still answers an ordinary request with an ordinary answer. */
    private static void stillAnsweringAsEver() {
        String account = registered();
        licensing.call(account, new RedeemActivationKey(licensing.issueKey(line("Channels", 1)))).assertAccepted();
    }

    private static String registered() {
        String account = LicensingPortal.newAccountId();
        licensing.call(account, new RegisterAccount(LicensingPortal.emailOf(account), "Company")).assertAccepted();
        return account;
    }

    private static String licensedUnit(String owner) {
        licensing.call(owner, new RedeemActivationKey(licensing.issueKey(line("Channels", 5)))).assertAccepted();
        String unit = licensing.ship("IP811");
        licensing.call(owner, new AssignLicenses(unit, null, List.of(line("Channels", 1)), null, null, null, null))
                .assertAccepted();
        return unit;
    }
}
