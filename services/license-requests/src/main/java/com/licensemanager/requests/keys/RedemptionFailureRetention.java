package com.licensemanager.requests.keys;

import com.licensemanager.platform.retention.RetentionRule;
import com.licensemanager.state.keys.ActivationKeys;

import java.time.Instant;

/** Failed redemptions matter only inside the throttling window (15 minutes); after a day they are history. */
public class RedemptionFailureRetention implements RetentionRule {

    private final ActivationKeys keys;

    public RedemptionFailureRetention(ActivationKeys keys) {
        this.keys = keys;
    }

    @Override
    public String name() {
        return "failed redemptions older than a day";
    }

    /** The table has no key to page by; its rows are few and small, so one statement deletes them all. */
    @Override
    public int purge(Instant now, int limit) {
        return keys.forgetFailuresBefore(now.minus(KeyRedemption.FAILURE_WINDOW.multipliedBy(96)));
    }
}
