package com.licensemanager.licensing.unit;

/**
 * Machine-readable reason why licenses may not go on a unit. The names are a public contract
 * (rejection reasons on Kafka): never rename or reuse one, only add.
 */
public enum RuleReason {
    /** AB licenses on a model without analogue interfaces (vendor: impossible license). */
    AB_NOT_SUPPORTED,
    /** BRI licenses on a model without BRI interfaces (vendor: impossible license). */
    BRI_NOT_SUPPORTED,
    /** PRI licenses on a model without PRI interfaces (vendor: impossible license). */
    PRI_NOT_SUPPORTED,
    /**
     * A PBX license (base, upgrade, voicemail, registrations, operator, softphone) on a model that
     * cannot run the PBX (vendor: impossible license).
     */
    PBX_NOT_SUPPORTED,
    /** A PBX or voicemail size that is not on sale (not in the catalogue's license sizes). */
    UNKNOWN_LICENSE_SIZE,
    /** A PBX or voicemail size above the largest PBX the model runs. */
    SIZE_ABOVE_MODEL_MAXIMUM,
    /** A second PBX base of the same size, or more than one in the request (vendor: impossible license). */
    DUPLICATE_PBX_BASE,
    /** A PBX base of another size than the one the unit has or gets: use an upgrade instead. */
    SECOND_PBX_BASE,
    /** A second voicemail base of the same size (vendor: impossible license). */
    DUPLICATE_VOICEMAIL_BASE,
    /** A voicemail base of another size than the one the unit has or gets: use an upgrade instead. */
    SECOND_VOICEMAIL_BASE,
    /** An upgrade on a unit that neither holds nor gets a base of its family. */
    UPGRADE_WITHOUT_BASE,
    /** An upgrade whose source size is not the size the unit's PBX (or voicemail) is at. */
    UPGRADE_BASE_MISMATCH,
    /** The same upgrade twice. */
    DUPLICATE_UPGRADE,
    /** Voicemail on a unit that neither holds nor gets a PBX base. */
    VOICEMAIL_WITHOUT_PBX_BASE,
    /** A voicemail size above the unit's PBX size. */
    VOICEMAIL_ABOVE_PBX_SIZE,
    /** More registrations than the size of the unit's PBX base (plus upgrades). */
    REGISTRATIONS_ABOVE_PBX_SIZE,
    /** A DECT multicell license on a model that cannot be the multicell master. */
    DECT_MULTICELL_NOT_MASTER,
    /** More than one DECT multicell license on a unit. */
    DECT_MULTICELL_MORE_THAN_ONE,
    /** More channel licenses than the model's DSP channels. */
    CHANNELS_ABOVE_DSP_MAXIMUM,
    /** More licenses of a type than the model's per-box maximum (interfaces, gatekeeper, operators, softphones). */
    PER_BOX_MAXIMUM_EXCEEDED
}
