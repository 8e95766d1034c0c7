package com.licensemanager.state.keys;

import com.licensemanager.schemas.common.LicenseLine;

import java.time.Instant;
import java.util.List;

/** An activation key issued for one order, as stored: the order's canonical lines and the fingerprint of its content. */
public record IssuedActivationKey(String activationKey, String scanPayload, String orderNumber, String orderFingerprint,
                                  String customerReference, String customerName, String customerAccount,
                                  List<LicenseLine> licenses, Instant issuedAt) {
}
