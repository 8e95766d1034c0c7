package com.licensemanager.state.keys;

/**
 * An activation key as stored, as far as a redemption needs it.
 *
 * @param createdByOwner for a transfer key, the balance owner who made it (its balance state lists the key); null
 *                       for a key issued for an order
 */
public record StoredKey(String activationKey, KeyOrigin origin, String createdByOwner) {
}
