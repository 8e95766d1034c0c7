package com.licensemanager.requests.model;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.licensing.code.MalformedLicenseCodeException;
import com.licensemanager.schemas.common.LicenseLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The license lines of a request as the service reads them: a bundle, or the reasons they cannot be one. */
public record RequestedLines(LicenseBundle bundle, List<String> reasons) {

    public static RequestedLines read(List<LicenseLine> lines) {
        if (lines.isEmpty()) {
            return new RequestedLines(LicenseBundle.empty(), List.of("NO_LICENSES"));
        }
        List<String> reasons = new ArrayList<>();
        Map<LicenseCode, Integer> quantities = new TreeMap<>(LicenseCode.CANONICAL_ORDER);
        for (LicenseLine l : lines) {
            try {
                LicenseCode code = LicenseCode.parse(l.getLicenseCode());
                if (l.getQuantity() <= 0) {
                    reasons.add("QUANTITY_NOT_POSITIVE");
                } else {
                    quantities.merge(code, l.getQuantity(), Integer::sum);
                }
            } catch (MalformedLicenseCodeException e) {
                reasons.add("MALFORMED_LICENSE_CODE");
            }
        }
        // Which reasons a bad line among good ones yields is the contract's open question: never ask it.
        if (!reasons.isEmpty() && lines.size() > 1) {
            throw new IllegalStateException("the generator sends bad lines only alone: " + lines);
        }
        return new RequestedLines(reasons.isEmpty() ? LicenseBundle.of(quantities) : LicenseBundle.empty(), reasons);
    }

    public boolean readable() {
        return reasons.isEmpty();
    }
}
