package com.licensemanager.fulfilment;

import com.licensemanager.schemas.common.Customer;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.licensing.ActivationKeyIssued;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An activation key issued for one order, as stored. */
record IssuedActivationKey(String activationKey, String scanPayload, String orderNumber, String orderFingerprint,
                           String customerReference, String customerName, String customerAccount,
                           List<LicenseLine> licenses, Instant issuedAt) {

    /**
     * The {@code ce_id} of this key's announcement. Derived from the key, so that announcing it again (the
     * ordering system re-sent the order) repeats the same event rather than adding a second one.
     */
    UUID announcementId() {
        return UUID.nameUUIDFromBytes(("activation-key-issued:" + activationKey).getBytes(StandardCharsets.UTF_8));
    }

    ActivationKeyIssued announcement() {
        return ActivationKeyIssued.newBuilder()
                .setActivationKey(activationKey)
                .setOrderNumber(orderNumber)
                .setCustomerReference(customerReference)
                .setCustomer(new Customer(customerName, customerAccount))
                .setLicenses(licenses)
                .setScanPayload(scanPayload)
                .setIssuedAt(issuedAt)
                .build();
    }
}
