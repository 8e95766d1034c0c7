package com.licensemanager.movedeadlines;

import com.licensemanager.schemas.admin.EnableMoveContract;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.schemas.licensing.LicensesMoved;
import com.licensemanager.schemas.portal.AssignLicenses;
import com.licensemanager.schemas.portal.MoveLicenses;
import com.licensemanager.testsupport.portal.LicensingPortal;

import java.util.List;

/** The steps of the move tests, played through the portal: an account that may move, a licensed unit, a move. */
final class MoveStories {

    static final List<LicenseLine> PBX = List.of(new LicenseLine("PBX6#15", 1), new LicenseLine("BRI", 1));

    private final LicensingPortal portal;

    MoveStories(LicensingPortal portal) {
        this.portal = portal;
    }

    /** A registered account with a move contract and a balance holding these licenses. */
    String accountWithContractAndLicenses(List<LicenseLine> licenses) {
        String account = portal.registerNewAccount();
        portal.admin(account, new EnableMoveContract(account)).assertAccepted();
        portal.redeem(account, portal.issueKey(licenses.toArray(LicenseLine[]::new)).getActivationKey());
        return account;
    }

    /** A shipped unit of this model, licensed by the account with an end customer. */
    String licensedUnit(String account, String model, List<LicenseLine> licenses) {
        String mac = portal.ship(model);
        accepted(account, new AssignLicenses(mac, null, licenses, "End Customer", "Berlin", null, null));
        return mac;
    }

    LicenseResult accepted(String account, Object command) {
        return portal.call(account, command).assertAccepted().result();
    }

    LicenseResult answer(String account, Object command) {
        return portal.call(account, command).result();
    }

    /** A fresh account moves the licenses of a fresh unit to another: the move's answer. */
    LicensesMoved moveOnce() {
        String account = accountWithContractAndLicenses(PBX);
        String old = licensedUnit(account, "IP811", PBX);
        return (LicensesMoved) accepted(account, new MoveLicenses(old, portal.ship("IP811"), null)).getOutcome();
    }
}
