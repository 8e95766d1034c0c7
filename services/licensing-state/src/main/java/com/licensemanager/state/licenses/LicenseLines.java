package com.licensemanager.state.licenses;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.schemas.common.LicenseLine;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * License lines between the stored and published form (code strings) and the rules (typed codes). Reading what a
 * request asked for, with its rejections, is the request's business: see the license requests' RequestedLicenses.
 */
public final class LicenseLines {

    private LicenseLines() {
    }

    public static List<LicenseLine> toLines(LicenseBundle bundle) {
        return bundle.quantities().entrySet().stream()
                .map(entry -> new LicenseLine(entry.getKey().print(), entry.getValue())).toList();
    }

    /** Codes stored by this service are well-formed; non-positive sums (a fully refunded code) are left out. */
    public static LicenseBundle fromStored(Map<String, Integer> quantitiesByCode) {
        Map<LicenseCode, Integer> quantities = new TreeMap<>(LicenseCode.CANONICAL_ORDER);
        quantitiesByCode.forEach((code, quantity) -> {
            if (quantity > 0) {
                quantities.merge(LicenseCode.parse(code), quantity, Integer::sum);
            }
        });
        return LicenseBundle.of(quantities);
    }
}
