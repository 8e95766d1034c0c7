package com.licensemanager.state.balances;

import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.licensing.Activation;
import com.licensemanager.schemas.licensing.BalanceOwnerKind;
import com.licensemanager.schemas.licensing.BalanceState;
import com.licensemanager.schemas.licensing.TransferKey;
import com.licensemanager.state.accounts.Accounts;
import org.jooq.DSLContext;
import org.jooq.Record;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.licensemanager.platform.db.Tables.ACTIVATION_KEY;
import static com.licensemanager.platform.db.Tables.ACTIVATION_KEY_LICENSE;
import static com.licensemanager.platform.db.Tables.BALANCE_OWNER_STATE;

/**
 * The full current state of one balance, as published on the compacted {@code licensing.balances.v1}: lines, the
 * activations uploaded into it and the transfer keys made from it. Each publication carries a higher version.
 */
public class BalanceStates {

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

    public BalanceState current(String owner) {
        long version = db.insertInto(BALANCE_OWNER_STATE)
                .set(BALANCE_OWNER_STATE.OWNER, owner)
                .set(BALANCE_OWNER_STATE.VERSION, 1L)
                .onConflict(BALANCE_OWNER_STATE.OWNER)
                .doUpdate().set(BALANCE_OWNER_STATE.VERSION, BALANCE_OWNER_STATE.VERSION.plus(1))
                .returning(BALANCE_OWNER_STATE.VERSION)
                .fetchSingle(BALANCE_OWNER_STATE.VERSION);
        return BalanceState.newBuilder()
                .setOwner(owner)
                .setOwnerKind(accounts.groupExists(owner) ? BalanceOwnerKind.GROUP : BalanceOwnerKind.ACCOUNT)
                .setMembers(accounts.membersOf(owner))
                .setLines(balances.lines(owner))
                .setActivations(activations(owner))
                .setTransferKeys(transferKeys(owner))
                .setVersion(version)
                .setUpdatedAt(clock.instant())
                .build();
    }

    private List<Activation> activations(String owner) {
        List<Activation> activations = new ArrayList<>();
        keysWithLicenses(ACTIVATION_KEY.REDEEMED_INTO.eq(owner)).forEach((key, licenses) ->
                activations.add(new Activation(key.get(ACTIVATION_KEY.ACTIVATION_KEY_), key.get(ACTIVATION_KEY.REDEEMED_BY),
                        key.get(ACTIVATION_KEY.REDEEMED_AT).toInstant(), licenses)));
        return activations;
    }

    private List<TransferKey> transferKeys(String owner) {
        List<TransferKey> keys = new ArrayList<>();
        keysWithLicenses(ACTIVATION_KEY.CREATED_BY_OWNER.eq(owner)).forEach((key, licenses) -> {
            OffsetDateTime redeemedAt = key.get(ACTIVATION_KEY.REDEEMED_AT);
            keys.add(new TransferKey(key.get(ACTIVATION_KEY.ACTIVATION_KEY_), key.get(ACTIVATION_KEY.CREATED_BY_ACCOUNT),
                    key.get(ACTIVATION_KEY.ISSUED_AT).toInstant(), licenses, key.get(ACTIVATION_KEY.REDEEMED_BY),
                    redeemedAt == null ? null : redeemedAt.toInstant()));
        });
        return keys;
    }

    private Map<Record, List<LicenseLine>> keysWithLicenses(org.jooq.Condition which) {
        Map<String, Record> keys = new LinkedHashMap<>();
        Map<Record, List<LicenseLine>> result = new LinkedHashMap<>();
        db.select(ACTIVATION_KEY.ACTIVATION_KEY_, ACTIVATION_KEY.REDEEMED_BY, ACTIVATION_KEY.REDEEMED_AT,
                        ACTIVATION_KEY.CREATED_BY_ACCOUNT, ACTIVATION_KEY.ISSUED_AT,
                        ACTIVATION_KEY_LICENSE.LICENSE_CODE, ACTIVATION_KEY_LICENSE.QUANTITY)
                .from(ACTIVATION_KEY).join(ACTIVATION_KEY_LICENSE)
                .on(ACTIVATION_KEY_LICENSE.ACTIVATION_KEY.eq(ACTIVATION_KEY.ACTIVATION_KEY_))
                .where(which)
                .orderBy(ACTIVATION_KEY.ISSUED_AT, ACTIVATION_KEY.ACTIVATION_KEY_, ACTIVATION_KEY_LICENSE.LICENSE_CODE)
                .fetch()
                .forEach(row -> {
                    Record key = keys.computeIfAbsent(row.get(ACTIVATION_KEY.ACTIVATION_KEY_), k -> row);
                    result.computeIfAbsent(key, k -> new ArrayList<>()).add(
                            new LicenseLine(row.get(ACTIVATION_KEY_LICENSE.LICENSE_CODE),
                                    row.get(ACTIVATION_KEY_LICENSE.QUANTITY)));
                });
        return result;
    }
}
