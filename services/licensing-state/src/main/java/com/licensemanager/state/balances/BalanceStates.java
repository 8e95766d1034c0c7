package com.licensemanager.state.balances;

import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.licensing.Activation;
import com.licensemanager.schemas.licensing.BalanceOwnerKind;
import com.licensemanager.schemas.licensing.BalanceState;
import com.licensemanager.schemas.licensing.TransferKey;
import com.licensemanager.state.accounts.Accounts;
import com.licensemanager.schemas.common.BalanceLine;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;

import static com.licensemanager.platform.db.Tables.ACTIVATION_KEY;
import static com.licensemanager.platform.db.Tables.ACTIVATION_KEY_LICENSE;
import static com.licensemanager.platform.db.Tables.BALANCE_OWNER_STATE;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.lateral;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.unnest;

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

    /**
     * Counts a new version of each balance's state (one per publication) and answers the states under them, by owner
     * in owner order. Five statements whatever the number of owners (a sixth when an owner has more than
     * {@value #LISTED} keys of a kind to count): the version rows are counted up in owner order (so two batches
     * publishing overlapping balances never deadlock), then the owners' users, lines, latest activations and latest
     * transfer keys are read, each for all of them at once.
     */
    public Map<String, BalanceState> newVersions(Collection<String> owners) {
        if (owners.isEmpty()) {
            return new TreeMap<>();
        }
        String[] named = owners.stream().sorted().distinct().toArray(String[]::new);
        var unnested = unnest(named).as("o", "owner");
        Field<String> owner = field(name("o", "owner"), String.class);
        Map<String, Long> versions = new HashMap<>();
        // ORDER BY in the inserted select: PostgreSQL inserts, and locks conflicting rows, in that order.
        db.insertInto(BALANCE_OWNER_STATE, BALANCE_OWNER_STATE.OWNER, BALANCE_OWNER_STATE.VERSION)
                .select(select(owner, inline(1L)).from(unnested).orderBy(owner))
                .onConflict(BALANCE_OWNER_STATE.OWNER)
                .doUpdate().set(BALANCE_OWNER_STATE.VERSION, BALANCE_OWNER_STATE.VERSION.plus(1))
                .returning(BALANCE_OWNER_STATE.OWNER, BALANCE_OWNER_STATE.VERSION)
                .fetch()
                .forEach(row -> versions.put(row.getOwner(), row.getVersion()));
        return states(versions);
    }

    /**
     * The state last published for the balance (or waiting in the outbox), read without changing anything: the
     * operator's lookup. Empty when no state of this owner was ever published.
     */
    public Optional<BalanceState> lastPublished(String owner) {
        return db.select(BALANCE_OWNER_STATE.VERSION).from(BALANCE_OWNER_STATE)
                .where(BALANCE_OWNER_STATE.OWNER.eq(owner))
                .fetchOptional(BALANCE_OWNER_STATE.VERSION)
                .map(version -> states(Map.of(owner, version)).get(owner));
    }

    /** The states of these owners under these versions, by owner in owner order. */
    private Map<String, BalanceState> states(Map<String, Long> versions) {
        Collection<String> owners = versions.keySet();
        Map<String, Accounts.BalanceUsers> users = accounts.usersOfAll(owners);
        Map<String, List<BalanceLine>> lines = balances.linesOfAll(owners);
        Map<String, Listed<Activation>> activations = activations(owners);
        Map<String, Listed<TransferKey>> transferKeys = transferKeys(owners);
        Map<String, BalanceState> states = new TreeMap<>();
        versions.forEach((owner, version) -> {
            Accounts.BalanceUsers using = users.get(owner);
            Listed<Activation> redeemed = activations.getOrDefault(owner, Listed.none());
            Listed<TransferKey> made = transferKeys.getOrDefault(owner, Listed.none());
            states.put(owner, BalanceState.newBuilder()
                    .setOwner(owner)
                    .setOwnerKind(using.group() ? BalanceOwnerKind.GROUP : BalanceOwnerKind.ACCOUNT)
                    .setMembers(using.members())
                    .setLines(lines.getOrDefault(owner, List.of()))
                    .setActivations(redeemed.latest())
                    .setEarlierActivations(redeemed.earlier())
                    .setTransferKeys(made.latest())
                    .setEarlierTransferKeys(made.earlier())
                    .setVersion(version)
                    .setUpdatedAt(clock.instant())
                    .build());
        });
        return states;
    }

    private Map<String, Listed<Activation>> activations(Collection<String> owners) {
        return listed(owners, ACTIVATION_KEY.REDEEMED_INTO, ACTIVATION_KEY.REDEEMED_AT, (key, licenses) ->
                new Activation(key.key(), key.redeemedBy(), key.redeemedAt().toInstant(), licenses));
    }

    private Map<String, Listed<TransferKey>> transferKeys(Collection<String> owners) {
        return listed(owners, ACTIVATION_KEY.CREATED_BY_OWNER, ACTIVATION_KEY.ISSUED_AT, (key, licenses) -> {
            OffsetDateTime redeemedAt = key.redeemedAt();
            return new TransferKey(key.key(), key.createdByAccount(), key.issuedAt().toInstant(), licenses,
                    key.redeemedBy(), redeemedAt == null ? null : redeemedAt.toInstant());
        });
    }

    /**
     * The latest {@value #LISTED} keys of each owner by {@code when}, listed oldest first, each with its license
     * lines, in one statement (a lateral subquery per owner uses the index on owner and time); the earlier ones are
     * counted in a second statement, only for the owners whose list is full: below that, nothing was left out.
     */
    private <T> Map<String, Listed<T>> listed(Collection<String> owners, Field<String> ownerColumn,
                                             Field<OffsetDateTime> when,
                                             BiFunction<KeyRow, List<LicenseLine>, T> toKey) {
        String[] named = owners.toArray(String[]::new);
        var unnested = unnest(named).as("o", "owner");
        Field<String> owner = field(name("o", "owner"), String.class);
        Table<?> latest = lateral(select(ACTIVATION_KEY.ACTIVATION_KEY_, ACTIVATION_KEY.REDEEMED_BY,
                ACTIVATION_KEY.REDEEMED_AT, ACTIVATION_KEY.CREATED_BY_ACCOUNT, ACTIVATION_KEY.ISSUED_AT)
                .from(ACTIVATION_KEY).where(ownerColumn.eq(owner))
                .orderBy(when.desc(), ACTIVATION_KEY.ACTIVATION_KEY_.desc()).limit(LISTED)).as("k");
        Field<String> key = latest.field(ACTIVATION_KEY.ACTIVATION_KEY_);
        Map<String, Map<String, KeyRow>> keys = new HashMap<>();
        Map<String, Map<KeyRow, List<LicenseLine>>> lines = new HashMap<>();
        db.select(owner, key, latest.field(ACTIVATION_KEY.REDEEMED_BY), latest.field(ACTIVATION_KEY.REDEEMED_AT),
                        latest.field(ACTIVATION_KEY.CREATED_BY_ACCOUNT), latest.field(ACTIVATION_KEY.ISSUED_AT),
                        ACTIVATION_KEY_LICENSE.LICENSE_CODE, ACTIVATION_KEY_LICENSE.QUANTITY)
                .from(unnested).crossJoin(latest)
                .join(ACTIVATION_KEY_LICENSE).on(ACTIVATION_KEY_LICENSE.ACTIVATION_KEY.eq(key))
                .orderBy(owner, latest.field(when), key, ACTIVATION_KEY_LICENSE.LICENSE_CODE)
                .fetch()
                .forEach(row -> {
                    String of = row.get(owner);
                    KeyRow first = keys.computeIfAbsent(of, o -> new HashMap<>()).computeIfAbsent(row.get(key),
                            k -> new KeyRow(k, row.get(latest.field(ACTIVATION_KEY.REDEEMED_BY)),
                                    row.get(latest.field(ACTIVATION_KEY.REDEEMED_AT)),
                                    row.get(latest.field(ACTIVATION_KEY.CREATED_BY_ACCOUNT)),
                                    row.get(latest.field(ACTIVATION_KEY.ISSUED_AT))));
                    lines.computeIfAbsent(of, o -> new LinkedHashMap<>())
                            .computeIfAbsent(first, k -> new ArrayList<>())
                            .add(new LicenseLine(row.get(ACTIVATION_KEY_LICENSE.LICENSE_CODE),
                                    row.get(ACTIVATION_KEY_LICENSE.QUANTITY)));
                });
        String[] full = lines.entrySet().stream().filter(listed -> listed.getValue().size() >= LISTED)
                .map(Map.Entry::getKey).toArray(String[]::new);
        Map<String, Integer> counted = new HashMap<>();
        if (full.length > 0) {
            db.select(ownerColumn, count()).from(ACTIVATION_KEY).where(ownerColumn.eq(any(full))).groupBy(ownerColumn)
                    .fetch().forEach(row -> counted.put(row.value1(), row.value2()));
        }
        Map<String, Listed<T>> result = new HashMap<>();
        lines.forEach((o, byKey) -> {
            List<T> listed = new ArrayList<>(byKey.size());
            byKey.forEach((k, licenses) -> listed.add(toKey.apply(k, licenses)));
            result.put(o, new Listed<>(listed, counted.getOrDefault(o, listed.size()) - listed.size()));
        });
        return result;
    }

    /** One listed key as read, before its license lines are attached. */
    private record KeyRow(String key, String redeemedBy, OffsetDateTime redeemedAt, String createdByAccount,
                          OffsetDateTime issuedAt) {
    }

    private record Listed<T>(List<T> latest, int earlier) {
        static <T> Listed<T> none() {
            return new Listed<>(List.of(), 0);
        }
    }
}
