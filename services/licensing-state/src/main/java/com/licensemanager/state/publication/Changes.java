package com.licensemanager.state.publication;

import com.licensemanager.state.history.Cause;
import com.licensemanager.state.history.SubjectChange;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The balances and units one command changed: their new state is published once, after the command; and, for a
 * command with a cause, the history entry of each change ({@link #record}), written in the same transaction.
 */
public final class Changes {

    private final Cause cause;
    private final Set<String> balanceOwners = new LinkedHashSet<>();
    private final Set<String> units = new LinkedHashSet<>();
    private final List<SubjectChange> history = new ArrayList<>();

    /** Changes that record no history (nothing a history entry is kept of, such as a registration). */
    public Changes() {
        this.cause = null;
    }

    /** Changes of a command with this cause, each recorded in the history. */
    public Changes(Cause cause) {
        this.cause = java.util.Objects.requireNonNull(cause, "cause");
    }

    public void balance(String owner) {
        balanceOwners.add(owner);
    }

    public void unit(String mac) {
        units.add(mac);
    }

    /** Records one change of a unit or balance in the history; its state is published as {@link #unit} says. */
    public void record(SubjectChange change) {
        if (cause == null) {
            throw new IllegalStateException("a change recorded in the history needs its cause: " + change);
        }
        history.add(change);
    }

    Set<String> balanceOwners() {
        return balanceOwners;
    }

    /** The units changed, by MAC. */
    public Set<String> units() {
        return units;
    }

    /** The history entries of these changes, in the order recorded. */
    public List<SubjectChange> recorded() {
        return history;
    }

    Cause cause() {
        return cause;
    }
}
