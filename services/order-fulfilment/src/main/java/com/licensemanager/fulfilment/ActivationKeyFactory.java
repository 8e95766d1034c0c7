package com.licensemanager.fulfilment;

import com.licensemanager.licensing.key.ActivationKey;

import java.security.SecureRandom;

/** Makes new activation keys: 120 random bits from a secure source, in the printable and scannable format. */
class ActivationKeyFactory {

    record NewKey(String text, String scanPayload) {
    }

    private final SecureRandom random = new SecureRandom();

    NewKey newKey() {
        ActivationKey key = ActivationKey.generate(random);
        return new NewKey(key.toString(), key.scanPayload());
    }
}
