package com.licensemanager.requests.decision;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.licensing.code.MalformedLicenseCodeException;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.common.Rejection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The license lines a request asks for, read into the rules' typed codes, with a rejection for each unreadable line. */
public final class RequestedLicenses {

    /**
     * The readable lines as a bundle (lines of one code added up) and why the others could not be read. The bundle
     * is checked further even when some lines were unreadable, so that a rejection names every problem at once.
     */
    public record Parsed(LicenseBundle bundle, List<Rejection> rejections) {
    }

    private RequestedLicenses() {
    }

    public static Parsed parse(List<LicenseLine> lines) {
        List<Rejection> rejections = new ArrayList<>();
        if (lines == null || lines.isEmpty()) {
            rejections.add(Rejections.of(Reason.NO_LICENSES, null, "no licenses were requested"));
            return new Parsed(LicenseBundle.empty(), rejections);
        }
        Map<LicenseCode, Integer> quantities = new TreeMap<>(LicenseCode.CANONICAL_ORDER);
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
            quantities.merge(code, line.getQuantity(), Integer::sum);
        }
        return new Parsed(LicenseBundle.of(quantities), rejections);
    }
}
