package com.licensemanager.licensing.code;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Licenses with quantities: what a unit holds, what a request asks for, what an order line adds.
 * Every quantity is positive; absent codes have quantity 0. Immutable; iteration follows
 * {@link LicenseCode#CANONICAL_ORDER}.
 */
public record LicenseBundle(SortedMap<LicenseCode, Integer> quantities) {

    private static final LicenseBundle EMPTY = new LicenseBundle(new TreeMap<>(LicenseCode.CANONICAL_ORDER));

    public LicenseBundle {
        if (quantities == null) {
            throw new IllegalArgumentException("quantities are required");
        }
        TreeMap<LicenseCode, Integer> copy = new TreeMap<>(LicenseCode.CANONICAL_ORDER);
        for (Map.Entry<LicenseCode, Integer> entry : quantities.entrySet()) {
            if (entry.getKey() == null || entry.getValue() == null) {
                throw new IllegalArgumentException("null license code or quantity");
            }
            if (entry.getValue() <= 0) {
                throw new IllegalArgumentException(
                        "quantity of " + entry.getKey().print() + " must be positive, was " + entry.getValue());
            }
            copy.put(entry.getKey(), entry.getValue());
        }
        quantities = Collections.unmodifiableSortedMap(copy);
    }

    public static LicenseBundle empty() {
        return EMPTY;
    }

    public static LicenseBundle of(LicenseCode code, int quantity) {
        return EMPTY.with(code, quantity);
    }

    public static LicenseBundle of(Map<? extends LicenseCode, Integer> quantities) {
        TreeMap<LicenseCode, Integer> sorted = new TreeMap<>(LicenseCode.CANONICAL_ORDER);
        quantities.forEach((code, quantity) -> {
            if (code == null) {
                throw new IllegalArgumentException("null license code");
            }
            sorted.put(code, quantity);
        });
        return new LicenseBundle(sorted);
    }

    /** How many of {@code code} the bundle holds (0 when absent). */
    public int quantity(LicenseCode code) {
        return quantities.getOrDefault(code, 0);
    }

    public boolean contains(LicenseCode code) {
        return quantities.containsKey(code);
    }

    public boolean isEmpty() {
        return quantities.isEmpty();
    }

    /** A bundle with {@code quantity} more of {@code code}. */
    public LicenseBundle with(LicenseCode code, int quantity) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity of " + code + " must be positive, was " + quantity);
        }
        TreeMap<LicenseCode, Integer> sum = new TreeMap<>(quantities);
        sum.merge(code, quantity, Math::addExact);
        return new LicenseBundle(sum);
    }

    /** The sum of both bundles, code by code. */
    public LicenseBundle plus(LicenseBundle other) {
        TreeMap<LicenseCode, Integer> sum = new TreeMap<>(quantities);
        other.quantities.forEach((code, quantity) -> sum.merge(code, quantity, Math::addExact));
        return new LicenseBundle(sum);
    }

    /** E.g. {@code PBX6#15 x1, Registrations x15}; {@code (none)} when empty. */
    @Override
    public String toString() {
        return quantities.isEmpty() ? "(none)" : quantities.entrySet().stream()
                .map(e -> e.getKey().print() + " x" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
