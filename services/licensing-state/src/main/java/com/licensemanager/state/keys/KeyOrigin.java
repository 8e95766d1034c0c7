package com.licensemanager.state.keys;

/** Where an activation key came from; stored in {@code activation_key.origin}, whose check lists the same values. */
public enum KeyOrigin {
    /** Bought: issued for a fulfilled order. */
    ORDER,
    /** Given on: made by an account from its balance. */
    TRANSFER
}
