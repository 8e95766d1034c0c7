package com.licensemanager.licensing.catalogue;

import java.util.Arrays;
import java.util.Optional;

/** The value columns of the catalogue, by their column names. */
public enum ProductAttribute {
    AB_PORTS("ab_ports"),
    BRI_INTERFACES("bri_interfaces"),
    PRI_INTERFACES("pri_interfaces"),
    PBX_MAX_REGISTRATIONS("pbx_max_registrations"),
    DSP_CHANNELS("dsp_channels"),
    DECT_MULTICELL_MASTER("dect_multicell_master"),
    GATEKEEPER_MAX("gatekeeper_max"),
    OPERATORS_MAX("operators_max"),
    SOFTPHONES_MAX("softphones_max");

    private final String column;

    ProductAttribute(String column) {
        this.column = column;
    }

    public String column() {
        return column;
    }

    public static Optional<ProductAttribute> byColumn(String column) {
        return Arrays.stream(values()).filter(a -> a.column.equals(column)).findFirst();
    }
}
