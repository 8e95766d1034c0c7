package com.licensemanager.requests.decision;

/**
 * Machine-readable reasons a license request or admin command is rejected with. Stable: the portal and the vendor's
 * staff tools switch on them; never rename or reuse one, only add. Per-box rule violations of the licensing rules
 * are reported under their own names ({@code com.licensemanager.licensing.unit.RuleReason}, e.g.
 * {@code AB_NOT_SUPPORTED}) and malformed MAC addresses as {@code MAC_<MacReason>} (e.g. {@code MAC_NOT_HEX}).
 */
public enum Reason {
    // accounts
    ACCOUNT_NOT_REGISTERED,
    ACCOUNT_ALREADY_REGISTERED,
    EMAIL_ALREADY_REGISTERED,
    EMAIL_INVALID,
    COMPANY_MISSING,
    // activation keys
    KEY_MALFORMED,
    KEY_UNKNOWN,
    KEY_ALREADY_REDEEMED,
    REDEMPTION_THROTTLED,
    // free text (release 2): the field is the subject
    TEXT_TOO_LONG,
    TEXT_HAS_CONTROL_CHARACTERS,
    // license lines
    NO_LICENSES,
    MALFORMED_LICENSE_CODE,
    QUANTITY_NOT_POSITIVE,
    /** Release 2: the lines of one code add up to more than {@code RequestedLicenses.MAX_QUANTITY}. */
    QUANTITY_TOO_LARGE,
    /** Release 2: a request with more than {@code RequestedLicenses.MAX_LINES} lines. */
    TOO_MANY_LINES,
    INSUFFICIENT_BALANCE,
    // units
    /** Retired in release 2 (issue 16): a MAC never shipped is answered {@link #NOT_PERMITTED}, like another's unit. */
    UNIT_NOT_SHIPPED,
    UNIT_ALREADY_LICENSED,
    UNIT_NOT_LICENSED,
    UNIT_IN_RMA,
    END_USER_UNKNOWN,
    LICENSE_FILE_NOT_AVAILABLE,
    // moves and RMA
    MOVE_CONTRACT_MISSING,
    UNIT_LICENSES_MOVED,
    UNIT_NOT_IN_RMA,
    UNIT_ALREADY_IN_RMA,
    NO_OPEN_MOVE,
    MOVE_ALREADY_CHARGED,
    // authorisation: says nothing about whether the thing exists
    NOT_PERMITTED,
    // the request decoded but kept failing and went to its dead-letter topic; the subject is its correlation id
    REQUEST_FAILED,
    // admin commands
    GROUP_ALREADY_EXISTS,
    GROUP_UNKNOWN,
    ACCOUNT_UNKNOWN,
    ACCOUNT_ALREADY_IN_GROUP,
    BALANCE_OWNER_UNKNOWN,
    UNIT_UNKNOWN,
    LICENSE_NOT_ON_UNIT,
    LICENSE_NOT_IMPOSSIBLE
}
