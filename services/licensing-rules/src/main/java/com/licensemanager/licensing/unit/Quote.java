package com.licensemanager.licensing.unit;

import com.licensemanager.licensing.code.LicenseCode;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What may still go on a unit, given its model and what it holds now: for each offered code the
 * largest quantity a request of that code alone passes {@link UnitRules#check} with. Codes not
 * offered (maximum 0) fail with any quantity.
 *
 * <p>Base licenses of different sizes are alternatives: each is offered with maximum 1, but only
 * one of them may be chosen. Lines that another line of the same request makes possible (an
 * upgrade after a new base, registrations or voicemail after a new PBX base) appear in the quote of
 * the unit after that line: {@code quote(model, held.plus(planned))}.
 *
 * @param model   the model name
 * @param maxima  offered codes with their maximum quantity (always positive), in canonical order
 */
public record Quote(String model, SortedMap<LicenseCode, Integer> maxima) {

    public Quote {
        TreeMap<LicenseCode, Integer> copy = new TreeMap<>(LicenseCode.CANONICAL_ORDER);
        copy.putAll(maxima);
        if (copy.values().stream().anyMatch(q -> q <= 0)) {
            throw new IllegalArgumentException("quote maxima must be positive: " + maxima);
        }
        maxima = Collections.unmodifiableSortedMap(copy);
    }

    /** The largest quantity of {@code code} that may go on the unit now; 0 when not offered. */
    public int maximumFor(LicenseCode code) {
        return maxima.getOrDefault(code, 0);
    }

    public boolean offers(LicenseCode code) {
        return maxima.containsKey(code);
    }
}
