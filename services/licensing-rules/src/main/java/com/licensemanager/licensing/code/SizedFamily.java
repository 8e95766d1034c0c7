package com.licensemanager.licensing.code;

/** The two license families that come in registration sizes, as a base and as upgrades. */
public enum SizedFamily {
    /** The PBX: {@code PBX6#15}, upgrade {@code PBX6#30@15}. */
    PBX("PBX6"),
    /** The voicemail: {@code PBX-Voicemail#15}, upgrade {@code PBX-Voicemail#30@15}. */
    VOICEMAIL("PBX-Voicemail");

    private final String prefix;

    SizedFamily(String prefix) {
        this.prefix = prefix;
    }

    /** The part of the printed code before {@code #}. */
    public String prefix() {
        return prefix;
    }

    @Override
    public String toString() {
        return prefix;
    }
}
