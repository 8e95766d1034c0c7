package com.licensemanager.requests.direct;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.platform.sql.RoundTrip;
import com.licensemanager.schemas.portal.RedeemActivationKey;
import com.licensemanager.schemas.portal.RegisterAccount;
import com.licensemanager.state.balances.BalanceSheet;
import com.licensemanager.state.balances.Balances;
import com.licensemanager.testsupport.portal.LicensingPortal;
import org.springframework.dao.DataIntegrityViolationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static com.licensemanager.platform.db.Tables.BALANCE;
import static com.licensemanager.testsupport.portal.LicensingPortal.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The batch decides on balances in memory, but the table's check constraint still guards what it writes: a batch
 * whose sheet would take a balance below zero (here made wrong on purpose, by changing the locked row behind the
 * sheet in the same transaction) fails at its flush and writes nothing, and the balance stays as it was.
 */
class BalanceFlushGuardTest {

    @RegisterExtension
    static final DirectLicensing licensing = new DirectLicensing();

    @Test
    void aFlushThatWouldTakeABalanceBelowZeroFailsOnTheCheckConstraint() {
        String account = LicensingPortal.newAccountId();
        licensing.call(account, new RegisterAccount(LicensingPortal.emailOf(account), "Company")).assertAccepted();
        licensing.call(account, new RedeemActivationKey(licensing.issueKey(line("Channels", 3)))).assertAccepted();
        LicenseBundle three = LicenseBundle.of(LicenseCode.parse("Channels"), 3);

        assertThatThrownBy(() -> licensing.db().transaction(transaction -> {
            BalanceSheet sheet = new Balances(transaction.dsl()).lockSheet(List.of(account));
            assertThat(sheet.shortfalls(account, three)).isEmpty();
            // Behind the sheet's back: two of the three are gone, which the sheet cannot know.
            transaction.dsl().update(BALANCE).set(BALANCE.UPLOADED, 1).where(BALANCE.OWNER.eq(account)).execute();
            sheet.debitUsed(account, three);
            RoundTrip writes = new RoundTrip(transaction.dsl());
            sheet.flush(writes);
            writes.send();
        })).isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("balance_check");

        var row = licensing.db().selectFrom(BALANCE).where(BALANCE.OWNER.eq(account)).fetchSingle();
        assertThat(List.of(row.getUploaded(), row.getUsed(), row.getTransferred())).containsExactly(3, 0, 0);
    }
}
