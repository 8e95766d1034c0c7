package com.licensemanager.fulfilment;

import com.licensemanager.schemas.common.Customer;
import com.licensemanager.schemas.licensing.ActivationKeyIssued;
import com.licensemanager.state.keys.IssuedActivationKey;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** How an issued key is announced on {@code licensing.activation-keys.v1}. */
final class KeyAnnouncement {

    private KeyAnnouncement() {
    }

    /**
     * The {@code ce_id} of this key's announcement. Derived from the key, so that announcing it again (the
     * ordering system re-sent the order) repeats the same event rather than adding a second one.
     */
    static UUID id(IssuedActivationKey key) {
        return UUID.nameUUIDFromBytes(("activation-key-issued:" + key.activationKey()).getBytes(StandardCharsets.UTF_8));
    }

    static ActivationKeyIssued of(IssuedActivationKey key) {
        return ActivationKeyIssued.newBuilder()
                .setActivationKey(key.activationKey())
                .setOrderNumber(key.orderNumber())
                .setCustomerReference(key.customerReference())
                .setCustomer(new Customer(key.customerName(), key.customerAccount()))
                .setLicenses(key.licenses())
                .setScanPayload(key.scanPayload())
                .setIssuedAt(key.issuedAt())
                .build();
    }
}
