package com.licensemanager.requests.keys;

import com.licensemanager.platform.sql.RoundTrip;
import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.key.ActivationKey;
import com.licensemanager.licensing.key.MalformedActivationKeyException;
import com.licensemanager.requests.decision.Actor;
import com.licensemanager.requests.decision.Reason;
import com.licensemanager.requests.decision.RequestBatch;
import com.licensemanager.requests.decision.Verdict;
import com.licensemanager.schemas.licensing.KeyRedeemed;
import com.licensemanager.schemas.portal.RedeemActivationKey;
import com.licensemanager.state.keys.ActivationKeys;
import com.licensemanager.state.keys.BatchKeys;
import com.licensemanager.state.licenses.LicenseLines;
import com.licensemanager.state.history.HistoryChange;
import com.licensemanager.state.history.SubjectChange;
import com.licensemanager.state.publication.Changes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Redeems an activation key into the actor's balance: at most once across all accounts. Failed attempts are
 * counted per account, and an account that fails too often in a window is refused further attempts for a while,
 * so keys cannot be found by trying (120 random bits make guessing hopeless anyway; this keeps it visible).
 */
public class KeyRedemption {

    static final int FAILURES_ALLOWED = 5;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);

    private final ActivationKeys keys;
    private final Clock clock;

    public KeyRedemption(ActivationKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * The keys of one batch: the named keys that exist, locked, and the failed redemptions of the accounts that
     * redeem in it within the window; the redemptions below then read and write only the batch. Joined to a round
     * trip: the keys are there once it is sent.
     *
     * @param named      the keys the batch's redemptions name, in their normal form; malformed ones left out
     * @param redeemers  the accounts that redeem in the batch
     */
    public Supplier<BatchKeys> openKeys(Collection<String> named, Collection<String> redeemers, RoundTrip trip) {
        return keys.forBatch(named, redeemers, clock.instant().minus(FAILURE_WINDOW), trip);
    }

    /** The key in the normal form the batch reads it in; empty for a malformed one (rejected when decided). */
    public static Optional<String> normalised(RedeemActivationKey command) {
        try {
            return Optional.of(ActivationKey.parse(command.getActivationKey()).toString());
        } catch (MalformedActivationKeyException e) {
            return Optional.empty();
        }
    }

    public Verdict redeem(RequestBatch batch, Actor actor, RedeemActivationKey command, Changes changes) {
        Instant now = clock.instant();
        BatchKeys keys = batch.keys();
        if (keys.recentFailures(actor.accountId()) >= FAILURES_ALLOWED) {
            return Verdict.rejected(Reason.REDEMPTION_THROTTLED, null, "too many failed redemptions; try again in "
                    + FAILURE_WINDOW.toMinutes() + " minutes");
        }
        ActivationKey key;
        try {
            key = ActivationKey.parse(command.getActivationKey());
        } catch (MalformedActivationKeyException e) {
            return failed(keys, actor, now, Verdict.rejected(Reason.KEY_MALFORMED, null, e.getMessage()));
        }
        String text = key.toString();
        var stored = keys.find(text);
        if (stored.isEmpty()) {
            return failed(keys, actor, now, Verdict.rejected(Reason.KEY_UNKNOWN, text, "no such activation key"));
        }
        if (!keys.redeem(text, actor.accountId(), actor.balanceOwner(), now)) {
            return failed(keys, actor, now, Verdict.rejected(Reason.KEY_ALREADY_REDEEMED, text,
                    "the activation key has been redeemed already"));
        }
        LicenseBundle licenses = keys.licenses(text);
        batch.balances().credit(actor.balanceOwner(), licenses);
        changes.balance(actor.balanceOwner());
        changes.record(SubjectChange.ofBalance(actor.balanceOwner(), HistoryChange.KEY_REDEEMED, text,
                SubjectChange.uploaded(licenses), batch.balances().lines(actor.balanceOwner())));
        String giver = stored.get().createdByOwner();
        if (giver != null) {
            changes.balance(giver);
            // The giver's figures do not move (debited when the key was made): no lines, and none read or locked.
            changes.record(SubjectChange.ofBalance(giver, HistoryChange.TRANSFER_KEY_REDEEMED, text, List.of(),
                    List.of()));
        }
        return Verdict.accepted(new KeyRedeemed(text, LicenseLines.toLines(licenses), actor.balanceOwner(),
                batch.balances().lines(actor.balanceOwner())));
    }

    private static Verdict failed(BatchKeys keys, Actor actor, Instant now, Verdict verdict) {
        keys.recordFailure(actor.accountId(), now);
        return verdict;
    }
}
