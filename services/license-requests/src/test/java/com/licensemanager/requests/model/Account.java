package com.licensemanager.requests.model;

import com.licensemanager.testsupport.portal.LicensingPortal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** One account of the portal, as the model expects it to be. */
public final class Account {

    /** Failed redemptions (in the window) after which the service throttles an account. */
    private static final int THROTTLED_AFTER = 5;

    public final String id;
    public final String email;
    /** Who owns the balance the account spends from: the account itself, or its group. */
    public String balanceOwner;
    public boolean inGroup;
    /** Fails redemptions often until throttled (the others fail too rarely to ever be). */
    public boolean guesser;
    public int failedRedemptions;
    public Instant firstFailedRedemption;
    /** Activation keys meant for this account that it has not tried yet. */
    public final Deque<String> keysToRedeem = new ArrayDeque<>();
    public final List<String> redeemedKeys = new ArrayList<>();
    /** The units this account operates: the only account that ever licenses, adds to, shares or describes them. */
    public final List<Unit> units = new ArrayList<>();

    Account(String id) {
        this.id = id;
        this.email = LicensingPortal.emailOf(id);
        this.balanceOwner = id;
    }

    public boolean throttled() {
        return failedRedemptions >= THROTTLED_AFTER;
    }

    public void failedRedemption(Instant at) {
        failedRedemptions++;
        if (firstFailedRedemption == null) {
            firstFailedRedemption = at;
        }
    }
}
