package com.licensemanager.state.balances;

import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.licensing.Activation;
import com.licensemanager.schemas.licensing.BalanceOwnerKind;
import com.licensemanager.schemas.licensing.BalanceState;
import com.licensemanager.schemas.licensing.TransferKey;
import com.licensemanager.state.accounts.Accounts;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.licensemanager.platform.db.Tables.ACTIVATION_KEY;
import static com.licensemanager.platform.db.Tables.ACTIVATION_KEY_LICENSE;
import static com.licensemanager.platform.db.Tables.BALANCE_OWNER_STATE;

/**
 * The current state of one balance, as published on the compacted {@code licensing.balances.v1}: lines, the
 * activations uploaded into it and the transfer keys made from it. Each publication carries a higher version.
 *
 * <p>Activations and transfer keys only ever grow; listing them all made one busy account's state outgrow what the
 * broker accepts (issue 16: 17,595 activations, 1,038,171 bytes) and stopped the relay for everyone. So a state
 * lists the latest {@value #LISTED} of each and counts the earlier ones; each of them was published on its own
 * when it happened (the request's {@code KeyRedeemed} or {@code TransferKeyCreated} result).
 */
public class BalanceStates {

    /** Keys listed per kind: about 100 bytes each with a few license lines, so a state stays far below 1 MB. */
    public static final int LISTED = 1000;

    private final DSLContext db;
    private final Balances balances;
    private final Accounts accounts;
    private final Clock clock;

    public BalanceStates(DSLContext db, Balances balances, Accounts accounts, Clock clock) {
        this.db = db;
        this.balances = balances;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** Counts a new version of the balance's state (one per publication) and answers the state under it. */
    public BalanceState newVersion(String owner) {
        long version = db.insertInto(BALANCE_OWNER_STATE)
                .set(BALANCE_OWNER_STATE.OWNER, owner)
                .set(BALANCE_OWNER_STATE.VERSION, 1L)
                .onConflict(BALANCE_OWNER_STATE.OWNER)
                .doUpdate().set(BALANCE_OWNER_STATE.VERSION, BALANCE_OWNER_STATE.VERSION.plus(1))
                .returning(BALANCE_OWNER_STATE.VERSION)
                .fetchSingle(BALANCE_OWNER_STATE.VERSION);
        return state(owner, version);
    }

    /**
     * The state last published for the balance (or waiting in the outbox), read without changing anything: the
     * operator's lookup. Empty when no state of this owner was ever published.
     */
    public Optional<BalanceState> lastPublished(String owner) {
        return db.select(BALANCE_OWNER_STATE.VERSION).from(BALANCE_OWNER_STATE)
                .where(BALANCE_OWNER_STATE.OWNER.eq(owner))
                .fetchOptional(BALANCE_OWNER_STATE.VERSION)
                .map(version -> state(owner, version));
    }

    private BalanceState state(String owner, long version) {
        Listed<Activation> activations = activations(owner);
        Listed<TransferKey> transferKeys = transferKeys(owner);
        return BalanceState.newBuilder()
                .setOwner(owner)
                .setOwnerKind(accounts.groupExists(owner) ? BalanceOwnerKind.GROUP : BalanceOwnerKind.ACCOUNT)
                .setMembers(accounts.membersOf(owner))
                .setLines(balances.lines(owner))
                .setActivations(activations.latest())
                .setEarlierActivations(activations.earlier())
                .setTransferKeys(transferKeys.latest())
                .setEarlierTransferKeys(transferKeys.earlier())
                .setVersion(version)
                .setUpdatedAt(clock.instant())
                .build();
    }

    private Listed<Activation> activations(String owner) {
        List<Activation> activations = new ArrayList<>();
        var which = ACTIVATION_KEY.REDEEMED_INTO.eq(owner);
        keysWithLicenses(which, ACTIVATION_KEY.REDEEMED_AT).forEach((key, licenses) ->
                activations.add(new Activation(key.get(ACTIVATION_KEY.ACTIVATION_KEY_), key.get(ACTIVATION_KEY.REDEEMED_BY),
                        key.get(ACTIVATION_KEY.REDEEMED_AT).toInstant(), licenses)));
        return new Listed<>(activations, earlier(which, activations.size()));
    }

    private Listed<TransferKey> transferKeys(String owner) {
        List<TransferKey> keys = new ArrayList<>();
        var which = ACTIVATION_KEY.CREATED_BY_OWNER.eq(owner);
        keysWithLicenses(which, ACTIVATION_KEY.ISSUED_AT).forEach((key, licenses) -> {
            OffsetDateTime redeemedAt = key.get(ACTIVATION_KEY.REDEEMED_AT);
            keys.add(new TransferKey(key.get(ACTIVATION_KEY.ACTIVATION_KEY_), key.get(ACTIVATION_KEY.CREATED_BY_ACCOUNT),
                    key.get(ACTIVATION_KEY.ISSUED_AT).toInstant(), licenses, key.get(ACTIVATION_KEY.REDEEMED_BY),
                    redeemedAt == null ? null : redeemedAt.toInstant()));
        });
        return new Listed<>(keys, earlier(which, keys.size()));
    }

    /** Counted only when the list is full: below that, nothing was left out. */
    private int earlier(Condition which, int listed) {
        return listed < LISTED ? 0 : db.fetchCount(ACTIVATION_KEY, which) - listed;
    }

    /** The latest {@value #LISTED} keys by {@code when}, listed oldest first, each with its license lines. */
    private Map<Record, List<LicenseLine>> keysWithLicenses(Condition which, Field<OffsetDateTime> when) {
        Map<String, Record> keys = new LinkedHashMap<>();
        Map<Record, List<LicenseLine>> result = new LinkedHashMap<>();
        var latest = db.select(ACTIVATION_KEY.ACTIVATION_KEY_).from(ACTIVATION_KEY).where(which)
                .orderBy(when.desc(), ACTIVATION_KEY.ACTIVATION_KEY_.desc()).limit(LISTED);
        db.select(ACTIVATION_KEY.ACTIVATION_KEY_, ACTIVATION_KEY.REDEEMED_BY, ACTIVATION_KEY.REDEEMED_AT,
                        ACTIVATION_KEY.CREATED_BY_ACCOUNT, ACTIVATION_KEY.ISSUED_AT,
                        ACTIVATION_KEY_LICENSE.LICENSE_CODE, ACTIVATION_KEY_LICENSE.QUANTITY)
                .from(ACTIVATION_KEY).join(ACTIVATION_KEY_LICENSE)
                .on(ACTIVATION_KEY_LICENSE.ACTIVATION_KEY.eq(ACTIVATION_KEY.ACTIVATION_KEY_))
                .where(which).and(ACTIVATION_KEY.ACTIVATION_KEY_.in(latest))
                .orderBy(when, ACTIVATION_KEY.ACTIVATION_KEY_, ACTIVATION_KEY_LICENSE.LICENSE_CODE)
                .fetch()
                .forEach(row -> {
                    Record key = keys.computeIfAbsent(row.get(ACTIVATION_KEY.ACTIVATION_KEY_), k -> row);
                    result.computeIfAbsent(key, k -> new ArrayList<>()).add(
                            new LicenseLine(row.get(ACTIVATION_KEY_LICENSE.LICENSE_CODE),
                                    row.get(ACTIVATION_KEY_LICENSE.QUANTITY)));
                });
        return result;
    }

    private record Listed<T>(List<T> latest, int earlier) {
    }
}
