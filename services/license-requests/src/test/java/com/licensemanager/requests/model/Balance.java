package com.licensemanager.requests.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One balance (of an account outside groups, or of a group), as the model expects it to be. */
public final class Balance {

    /** The figures of one license code. */
    static final class Line {
        int uploaded;
        int used;
        int transferred;

        int available() {
            return uploaded - used - transferred;
        }
    }

    public final String owner;
    final boolean group;
    /** Per license code, in the order the published state lists them. */
    final Map<String, Line> lines = new TreeMap<>();
    /** Activation key -> the account that redeemed it into this balance. */
    public final Map<String, String> activations = new LinkedHashMap<>();
    /** Transfer key created from this balance -> the account that redeemed it, null while nobody has. */
    public final Map<String, String> transferKeys = new LinkedHashMap<>();

    Balance(String owner, boolean group) {
        this.owner = owner;
        this.group = group;
    }

    public int available(String code) {
        Line line = lines.get(code);
        return line == null ? 0 : line.available();
    }

    Line line(String code) {
        return lines.computeIfAbsent(code, c -> new Line());
    }

    /** Per code [uploaded, used, transferred, available], as {@code LicensingPortal.figures} reads published ones. */
    public Map<String, List<Integer>> figures() {
        Map<String, List<Integer>> figures = new TreeMap<>();
        lines.forEach((code, l) -> figures.put(code, List.of(l.uploaded, l.used, l.transferred, l.available())));
        return figures;
    }
}
