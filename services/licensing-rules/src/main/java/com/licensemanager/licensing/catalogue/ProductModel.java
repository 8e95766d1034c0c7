package com.licensemanager.licensing.catalogue;

import com.licensemanager.licensing.code.CountLicense;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What one product model can hold.
 *
 * @param name                 model name as printed on the unit, e.g. {@code IP811}
 * @param abPorts              analogue (a/b) interfaces, the maximum of {@code AB} licenses
 * @param briInterfaces        ISDN basic rate interfaces, the maximum of {@code BRI} licenses
 * @param priInterfaces        ISDN primary rate interfaces, the maximum of {@code PRI} licenses
 * @param pbxMaxRegistrations  largest PBX (and voicemail) size the model runs; 0 = cannot run the PBX
 * @param dspChannels          DSP channels, the maximum of {@code Channels} licenses
 * @param dectMulticellMaster  whether the model can be the master of a DECT multicell system
 * @param gatekeeperMax        per-box maximum of {@code Relay-Gatekeeper} licenses
 * @param operatorsMax         per-box maximum of {@code PBX-Operator} licenses (0 without PBX)
 * @param softphonesMax        per-box maximum of {@code PBX-SoftwarePhone} licenses (0 without PBX)
 * @param assumed              the values that are our assumption, not public vendor information
 * @param description          one line for people
 */
public record ProductModel(
        String name,
        int abPorts,
        int briInterfaces,
        int priInterfaces,
        int pbxMaxRegistrations,
        int dspChannels,
        boolean dectMulticellMaster,
        int gatekeeperMax,
        int operatorsMax,
        int softphonesMax,
        Set<ProductAttribute> assumed,
        String description) {

    public ProductModel {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("model name is required");
        }
        requireNonNegative(name, "abPorts", abPorts);
        requireNonNegative(name, "briInterfaces", briInterfaces);
        requireNonNegative(name, "priInterfaces", priInterfaces);
        requireNonNegative(name, "pbxMaxRegistrations", pbxMaxRegistrations);
        requireNonNegative(name, "dspChannels", dspChannels);
        requireNonNegative(name, "gatekeeperMax", gatekeeperMax);
        requireNonNegative(name, "operatorsMax", operatorsMax);
        requireNonNegative(name, "softphonesMax", softphonesMax);
        if (pbxMaxRegistrations == 0 && (operatorsMax > 0 || softphonesMax > 0)) {
            // Operators and softphones are PBX features: a model without PBX cannot take them.
            throw new IllegalArgumentException(name + ": operators and softphones need the PBX");
        }
        assumed = assumed == null || assumed.isEmpty()
                ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(assumed));
        description = description == null ? "" : description;
    }

    public boolean supportsPbx() {
        return pbxMaxRegistrations > 0;
    }

    public boolean isAssumed(ProductAttribute attribute) {
        return assumed.contains(attribute);
    }

    /**
     * The most of {@code license} this model can ever hold. For {@code Registrations} the unit's
     * PBX base size is the tighter limit; this is the model's ceiling.
     */
    public int maximumFor(CountLicense license) {
        return switch (license) {
            case RELAY_GATEKEEPER -> gatekeeperMax;
            case REGISTRATIONS -> pbxMaxRegistrations;
            case CHANNELS -> dspChannels;
            case BRI -> briInterfaces;
            case PRI -> priInterfaces;
            case AB -> abPorts;
            case OPERATOR -> operatorsMax;
            case SOFTPHONE -> softphonesMax;
            case DECT_MULTICELL -> dectMulticellMaster ? 1 : 0;
        };
    }

    private static void requireNonNegative(String model, String what, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(model + ": " + what + " must not be negative, was " + value);
        }
    }
}
