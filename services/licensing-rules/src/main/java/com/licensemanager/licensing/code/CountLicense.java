package com.licensemanager.licensing.code;

/**
 * License types whose only attribute is how many a unit holds (the quantity lives in a
 * {@link LicenseBundle}). The printed names are this project's choice: the vendor text names the
 * types but gives no spelling except for the PBX-Operator and PBX-SoftwarePhone licenses.
 */
public enum CountLicense implements LicenseCode {
    /** "Relay Gatekeeper: that is the Gatekeeper functionality". */
    RELAY_GATEKEEPER("Relay-Gatekeeper"),
    /** PBX registrations; never more than the size of the unit's PBX base (plus upgrades). */
    REGISTRATIONS("Registrations"),
    /** DSP channels, needed for each call from the PBX to a non-IP interface. */
    CHANNELS("Channels"),
    /** ISDN basic rate interface. */
    BRI("BRI"),
    /** ISDN primary rate interface. */
    PRI("PRI"),
    /** Analogue (a/b) interface. */
    AB("AB"),
    /** PBX operator (attendant console). */
    OPERATOR("PBX-Operator"),
    /** PBX software phone. */
    SOFTPHONE("PBX-SoftwarePhone"),
    /** DECT multicell; at most one, and only on a multicell master (IP1200). */
    DECT_MULTICELL("DECT-Multicell");

    private final String printed;

    CountLicense(String printed) {
        this.printed = printed;
    }

    @Override
    public String print() {
        return printed;
    }

    @Override
    public String toString() {
        return printed;
    }
}
