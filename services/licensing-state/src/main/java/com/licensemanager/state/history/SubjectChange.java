package com.licensemanager.state.history;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.schemas.common.BalanceLine;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.licensing.BalanceChange;
import com.licensemanager.state.licenses.LicenseLines;

import java.util.List;

/**
 * What one decision changed of one unit or balance, and its state after, as the history records it; the cause and
 * the time are added when the decision's changes are noted ({@code StatePublication.ChangedStates}).
 *
 * @param entered        unit: the licenses the change entered on the unit's ledger, signed (a refund negative)
 * @param balanceChanges balance: the signed change of each figure per code
 * @param licensesAfter  unit: its licenses after the change
 * @param ownerAfter     unit: its owner after the change
 * @param linesAfter     balance: its lines after the change (empty when no figure moved)
 */
public record SubjectChange(SubjectKind kind, String subject, HistoryChange change, String related,
                            List<LicenseLine> entered, List<BalanceChange> balanceChanges,
                            List<LicenseLine> licensesAfter, String ownerAfter, List<BalanceLine> linesAfter) {

    /** A change of a unit that enters no licenses on it. */
    public static SubjectChange ofUnit(String mac, HistoryChange change, String related, LicenseBundle licensesAfter,
                                       String ownerAfter) {
        return ofUnit(mac, change, related, List.of(), licensesAfter, ownerAfter);
    }

    public static SubjectChange ofUnit(String mac, HistoryChange change, String related, List<LicenseLine> entered,
                                       LicenseBundle licensesAfter, String ownerAfter) {
        return new SubjectChange(SubjectKind.UNIT, mac, change, related, entered, List.of(),
                LicenseLines.toLines(licensesAfter), ownerAfter, List.of());
    }

    public static SubjectChange ofBalance(String owner, HistoryChange change, String related,
                                          List<BalanceChange> balanceChanges, List<BalanceLine> linesAfter) {
        return new SubjectChange(SubjectKind.BALANCE, owner, change, related, List.of(), balanceChanges, List.of(),
                null, linesAfter);
    }

    /** Licenses entered on a unit: positive, or negative for a refund. */
    public static List<LicenseLine> entered(LicenseBundle licenses, int sign) {
        return LicenseLines.toLines(licenses).stream()
                .map(line -> new LicenseLine(line.getLicenseCode(), sign * line.getQuantity())).toList();
    }

    /** Redeemed into a balance. */
    public static List<BalanceChange> uploaded(LicenseBundle licenses) {
        return figures(licenses, 1, 0, 0);
    }

    /** Assigned to units ({@code sign} 1), or refunded from one (-1). */
    public static List<BalanceChange> used(LicenseBundle licenses, int sign) {
        return figures(licenses, 0, sign, 0);
    }

    /** Given away as a transfer key. */
    public static List<BalanceChange> transferred(LicenseBundle licenses) {
        return figures(licenses, 0, 0, 1);
    }

    /** Whole lines leaving ({@code sign} -1) or joining (1) a balance, as when an account joins a group. */
    public static List<BalanceChange> lines(List<BalanceLine> lines, int sign) {
        return lines.stream().map(line -> new BalanceChange(line.getLicenseCode(), sign * line.getUploaded(),
                sign * line.getUsed(), sign * line.getTransferred())).toList();
    }

    private static List<BalanceChange> figures(LicenseBundle licenses, int uploaded, int used, int transferred) {
        return licenses.quantities().entrySet().stream().map(line -> new BalanceChange(line.getKey().print(),
                uploaded * line.getValue(), used * line.getValue(), transferred * line.getValue())).toList();
    }
}
