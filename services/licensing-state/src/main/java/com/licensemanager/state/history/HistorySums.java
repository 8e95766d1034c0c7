package com.licensemanager.state.history;

import com.licensemanager.schemas.common.BalanceLine;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.licensing.BalanceChange;
import com.licensemanager.schemas.licensing.HistoryEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a subject's history adds up to: a balance's entries summed per license code give its lines, a unit's entries
 * its licenses. A history that does not add up to the current state misses a change, or has one twice.
 */
public final class HistorySums {

    private HistorySums() {
    }

    /** The balance lines the entries add up to, by code (available derived), codes whose figures are all 0 left out. */
    public static List<BalanceLine> balanceLines(List<HistoryEntry> entries) {
        Map<String, int[]> sums = new TreeMap<>();
        for (HistoryEntry entry : entries) {
            for (BalanceChange change : entry.getBalanceChanges()) {
                int[] sum = sums.computeIfAbsent(change.getLicenseCode(), code -> new int[3]);
                sum[0] += change.getUploaded();
                sum[1] += change.getUsed();
                sum[2] += change.getTransferred();
            }
        }
        List<BalanceLine> lines = new ArrayList<>();
        sums.forEach((code, sum) -> {
            if (sum[0] != 0 || sum[1] != 0 || sum[2] != 0) {
                lines.add(new BalanceLine(code, sum[0], sum[1], sum[2], sum[0] - sum[1] - sum[2]));
            }
        });
        return lines;
    }

    /** The licenses the entries entered on a unit, by code, codes that sum to 0 left out. */
    public static Map<String, Integer> unitLicenses(List<HistoryEntry> entries) {
        Map<String, Integer> sums = new TreeMap<>();
        for (HistoryEntry entry : entries) {
            for (LicenseLine line : entry.getLicenses()) {
                sums.merge(line.getLicenseCode(), line.getQuantity(), Integer::sum);
            }
        }
        sums.values().removeIf(quantity -> quantity == 0);
        return sums;
    }
}
