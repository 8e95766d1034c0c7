package com.licensemanager.state.publication;

import java.util.LinkedHashSet;
import java.util.Set;

/** The balances and units one command changed: their new state is published once, after the command. */
public final class Changes {

    private final Set<String> balanceOwners = new LinkedHashSet<>();
    private final Set<String> units = new LinkedHashSet<>();

    public void balance(String owner) {
        balanceOwners.add(owner);
    }

    public void unit(String mac) {
        units.add(mac);
    }

    Set<String> balanceOwners() {
        return balanceOwners;
    }

    /** The units changed, by MAC. */
    public Set<String> units() {
        return units;
    }
}
