package com.licensemanager.requests.decision;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.licensing.code.MalformedLicenseCodeException;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.common.Rejection;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The license lines a request asks for, read into the rules' typed codes, with a rejection for each unreadable line. */
public final class RequestedLicenses {

    /**
     * The readable lines as a bundle (lines of one code added up) and why the others could not be read. The bundle
     * is checked further even when some lines were unreadable, so that a rejection names every problem at once.
     */
    public record Parsed(LicenseBundle bundle, List<Rejection> rejections) {
    }

    /** More lines than the catalogue has codes; far more than any real request. */
    public static final int MAX_LINES = 100;
    /**
     * Most of one code a request may ask for: far above any balance, and low enough that what a unit holds plus it
     * stays an int (2^31-1 on a unit holding one license overflowed in the per-box rules and failed the request).
     */
    public static final int MAX_QUANTITY = 1_000_000_000;

    private RequestedLicenses() {
    }

    public static Parsed parse(List<LicenseLine> lines) {
        List<Rejection> rejections = new ArrayList<>();
        if (lines == null || lines.isEmpty()) {
            rejections.add(Rejections.of(Reason.NO_LICENSES, null, "no licenses were requested"));
            return new Parsed(LicenseBundle.empty(), rejections);
        }
        if (lines.size() > MAX_LINES) {
            rejections.add(Rejections.of(Reason.TOO_MANY_LINES, null, lines.size() + " license lines; at most "
                    + MAX_LINES + " are accepted in one request"));
            return new Parsed(LicenseBundle.empty(), rejections);
        }
        Map<LicenseCode, Integer> quantities = new TreeMap<>(LicenseCode.CANONICAL_ORDER);
        Set<LicenseCode> tooLarge = new HashSet<>();
        for (LicenseLine line : lines) {
            LicenseCode code;
            try {
                code = LicenseCode.parse(line.getLicenseCode());
            } catch (MalformedLicenseCodeException e) {
                rejections.add(Rejections.of(Reason.MALFORMED_LICENSE_CODE, line.getLicenseCode(), e.getMessage()));
                continue;
            }
            if (line.getQuantity() <= 0) {
                rejections.add(Rejections.of(Reason.QUANTITY_NOT_POSITIVE, code.print(),
                        "quantity " + line.getQuantity() + " of " + code.print() + " is not positive"));
                continue;
            }
            if (tooLarge.contains(code)) {
                continue;
            }
            long sum = (long) quantities.getOrDefault(code, 0) + line.getQuantity();
            if (sum > MAX_QUANTITY) {
                // 2^31-1 twice added up to a negative quantity, which failed the request instead of answering it.
                rejections.add(Rejections.of(Reason.QUANTITY_TOO_LARGE, code.print(), "the lines of " + code.print()
                        + " add up to " + sum + ", more than the " + MAX_QUANTITY + " a request may ask for"));
                quantities.remove(code);
                tooLarge.add(code);
                continue;
            }
            quantities.put(code, (int) sum);
        }
        return new Parsed(LicenseBundle.of(quantities), rejections);
    }
}
