package com.licensemanager.requests.keys;

import com.licensemanager.licensing.key.ActivationKey;
import com.licensemanager.requests.decision.Actor;
import com.licensemanager.requests.decision.Rejections;
import com.licensemanager.requests.decision.RequestBatch;
import com.licensemanager.requests.decision.RequestedLicenses;
import com.licensemanager.requests.decision.Verdict;
import com.licensemanager.schemas.licensing.TransferKeyCreated;
import com.licensemanager.schemas.portal.CreateTransferKey;
import com.licensemanager.state.licenses.LicenseLines;
import com.licensemanager.state.history.HistoryChange;
import com.licensemanager.state.history.SubjectChange;
import com.licensemanager.state.publication.Changes;

import java.security.SecureRandom;
import java.time.Clock;

/** Gives licenses on to another user: debited from the giver's balance when the key is made. */
public class TransferKeys {

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TransferKeys(Clock clock) {
        this.clock = clock;
    }

    public Verdict create(RequestBatch batch, Actor actor, CreateTransferKey command, Changes changes) {
        RequestedLicenses.Parsed requested = RequestedLicenses.parse(command.getLicenses());
        var rejections = new java.util.ArrayList<>(requested.rejections());
        batch.balances().shortfalls(actor.balanceOwner(), requested.bundle()).forEach(s -> rejections.add(Rejections.of(s)));
        if (!rejections.isEmpty()) {
            return Verdict.rejected(rejections);
        }
        batch.balances().debitTransferred(actor.balanceOwner(), requested.bundle());
        ActivationKey key = ActivationKey.generate(random);
        batch.keys().createTransferKey(key.toString(), key.scanPayload(), requested.bundle(), actor.balanceOwner(),
                actor.accountId(), clock.instant());
        changes.balance(actor.balanceOwner());
        // Not the key: unredeemed, it is worth its licenses to whoever reads it.
        changes.record(SubjectChange.ofBalance(actor.balanceOwner(), HistoryChange.TRANSFER_KEY_CREATED, null,
                SubjectChange.transferred(requested.bundle()), batch.balances().lines(actor.balanceOwner())));
        return Verdict.accepted(new TransferKeyCreated(key.toString(), key.scanPayload(),
                LicenseLines.toLines(requested.bundle())));
    }
}
