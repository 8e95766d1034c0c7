package com.licensemanager.state.balances;

import com.licensemanager.platform.sql.RoundTrip;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.licensing.Activation;
import com.licensemanager.schemas.licensing.BalanceOwnerKind;
import com.licensemanager.schemas.licensing.BalanceState;
import com.licensemanager.schemas.licensing.TransferKey;
import com.licensemanager.state.accounts.Accounts;
import com.licensemanager.schemas.common.BalanceLine;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.ResultQuery;
import org.jooq.Select;
import org.jooq.SelectField;
import org.jooq.Table;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
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
     * in owner order. Three statements whatever the number of owners (one more per kind of key when an owner has more
     * than {@value #LISTED} of it to count): the version rows are counted up in owner order (so two batches
     * publishing overlapping balances never deadlock) and their users read with them, then the owners' lines, and
     * their latest activations and transfer keys together, are read, each for all of them at once: sent in one round
     * trip.
     */
    public Map<String, BalanceState> newVersions(Collection<String> owners) {
        return RoundTrip.alone(db, trip -> newVersions(owners, trip)::states);
    }

    /** The same, its three statements joined to a round trip: the states are there once it is sent. */
    public Reading newVersions(Collection<String> owners, RoundTrip trip) {
        String[] named = owners.stream().sorted().distinct().toArray(String[]::new);
        if (named.length == 0) {
            return new Reading(null, null, null);
        }
        var unnested = unnest(named).as("o", "owner");
        Field<String> owner = field(name("o", "owner"), String.class);
        // ORDER BY in the inserted select: PostgreSQL inserts, and locks conflicting rows, in that order. The users
        // of each balance come back with its version: one statement less per publication.
        return new Reading(
                trip.read(db.insertInto(BALANCE_OWNER_STATE, BALANCE_OWNER_STATE.OWNER, BALANCE_OWNER_STATE.VERSION)
                        .select(select(owner, inline(1L)).from(unnested).orderBy(owner))
                        .onConflict(BALANCE_OWNER_STATE.OWNER)
                        .doUpdate().set(BALANCE_OWNER_STATE.VERSION, BALANCE_OWNER_STATE.VERSION.plus(1))
                        .returningResult(BALANCE_OWNER_STATE.OWNER, BALANCE_OWNER_STATE.VERSION,
                                Accounts.isGroup(BALANCE_OWNER_STATE.OWNER),
                                Accounts.membersOfGroup(BALANCE_OWNER_STATE.OWNER))),
                trip.read(balances.linesOfAllQuery(List.of(named))),
                trip.read(listedQuery(named)));
    }

    /** The new states of some balances, read in a round trip: versions counted up with the users, lines, keys. */
    public final class Reading {

        private final RoundTrip.Rows counted;
        private final RoundTrip.Rows lines;
        private final RoundTrip.Rows keys;

        private Reading(RoundTrip.Rows counted, RoundTrip.Rows lines, RoundTrip.Rows keys) {
            this.counted = counted;
            this.lines = lines;
            this.keys = keys;
        }

        /** By owner in owner order. */
        public Map<String, BalanceState> states() {
            if (counted == null) {
                return new TreeMap<>();
            }
            Map<String, Long> versions = new HashMap<>();
            Map<String, Accounts.BalanceUsers> users = new HashMap<>();
            counted.result().forEach(row -> {
                String owner = row.get(0, String.class);
                versions.put(owner, row.get(1, Long.class));
                users.put(owner, Accounts.users(owner, row.get(2, Boolean.class), row.get(3, String[].class)));
            });
            return BalanceStates.this.states(versions, users, Balances.linesOfAll(lines.result()),
                    listed(keys.result()));
        }
    }

    /**
     * The state last published for the balance (or waiting in the outbox), read without changing anything: the
     * operator's lookup. Empty when no state of this owner was ever published.
     */
    public Optional<BalanceState> lastPublished(String owner) {
        return db.select(BALANCE_OWNER_STATE.VERSION).from(BALANCE_OWNER_STATE)
                .where(BALANCE_OWNER_STATE.OWNER.eq(owner))
                .fetchOptional(BALANCE_OWNER_STATE.VERSION)
                .map(version -> states(Map.of(owner, version), accounts.usersOfAll(List.of(owner))).get(owner));
    }

    /** The states of these owners under these versions, by owner in owner order. */
    private Map<String, BalanceState> states(Map<String, Long> versions, Map<String, Accounts.BalanceUsers> users) {
        String[] owners = versions.keySet().toArray(String[]::new);
        return states(versions, users, balances.linesOfAll(versions.keySet()), listed(listedQuery(owners).fetch()));
    }

    /** The states of these owners under these versions, with these lines and keys, by owner in owner order. */
    private Map<String, BalanceState> states(Map<String, Long> versions, Map<String, Accounts.BalanceUsers> users,
                                             Map<String, List<BalanceLine>> lines, ListedKeys keys) {
        Map<String, BalanceState> states = new TreeMap<>();
        versions.forEach((owner, version) -> {
            Accounts.BalanceUsers using = users.get(owner);
            Listed<Activation> redeemed = keys.activations().getOrDefault(owner, Listed.none());
            Listed<TransferKey> made = keys.transferKeys().getOrDefault(owner, Listed.none());
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

    /** What a balance's keys are listed by: those redeemed into it, and the transfer keys made from it. */
    private enum KeyKind {
        ACTIVATION(ACTIVATION_KEY.REDEEMED_INTO, ACTIVATION_KEY.REDEEMED_AT),
        TRANSFER_KEY(ACTIVATION_KEY.CREATED_BY_OWNER, ACTIVATION_KEY.ISSUED_AT);

        final Field<String> ownerColumn;
        final Field<OffsetDateTime> when;

        KeyKind(Field<String> ownerColumn, Field<OffsetDateTime> when) {
            this.ownerColumn = ownerColumn;
            this.when = when;
        }
    }

    /** The listed keys of each owner, both kinds. */
    private record ListedKeys(Map<String, Listed<Activation>> activations, Map<String, Listed<TransferKey>> transferKeys) {
    }

    /**
     * The latest {@value #LISTED} keys of each owner and kind by time, listed oldest first, each with its license
     * lines, in one statement (per kind a lateral subquery per owner, which uses the index on owner and time; the
     * two kinds joined by UNION ALL); the earlier ones are counted in one more statement per kind, only for the owners
     * whose list is full: below that, nothing was left out.
     */
    private ResultQuery<Record> listedQuery(String[] owners) {
        Select<Record> both = null;
        for (KeyKind kind : KeyKind.values()) {
            Select<Record> ofKind = ofKind(kind, owners);
            both = both == null ? ofKind : both.unionAll(ofKind);
        }
        Table<Record> listed = both.asTable("listed");
        return db.selectFrom(listed)
                .orderBy(listed.field("owner"), listed.field("kind"), listed.field("at"), listed.field("key"),
                        listed.field("license_code"));
    }

    /** The listed keys from the rows of {@link #listedQuery}, the earlier ones counted where a list is full. */
    private ListedKeys listed(Result<? extends Record> listedRows) {
        Map<KeyKind, Map<String, Map<KeyRow, List<LicenseLine>>>> lines = new EnumMap<>(KeyKind.class);
        Map<KeyKind, Map<String, Map<String, KeyRow>>> rows = new EnumMap<>(KeyKind.class);
        listedRows.forEach(row -> {
            KeyKind kind = KeyKind.valueOf(row.get("kind", String.class));
            String of = row.get("owner", String.class);
            KeyRow first = rows.computeIfAbsent(kind, k -> new HashMap<>())
                    .computeIfAbsent(of, o -> new HashMap<>())
                    .computeIfAbsent(row.get("key", String.class), k -> new KeyRow(k,
                            row.get("redeemed_by", String.class),
                            row.get("redeemed_at", OffsetDateTime.class),
                            row.get("created_by_account", String.class),
                            row.get("issued_at", OffsetDateTime.class)));
            lines.computeIfAbsent(kind, k -> new HashMap<>())
                    .computeIfAbsent(of, o -> new LinkedHashMap<>())
                    .computeIfAbsent(first, k -> new ArrayList<>())
                    .add(new LicenseLine(row.get("license_code", String.class),
                            row.get("quantity", Integer.class)));
        });
        return new ListedKeys(
                counted(KeyKind.ACTIVATION, lines.getOrDefault(KeyKind.ACTIVATION, Map.of()), (k, licenses) ->
                        new Activation(k.key(), k.redeemedBy(), k.redeemedAt().toInstant(), licenses)),
                counted(KeyKind.TRANSFER_KEY, lines.getOrDefault(KeyKind.TRANSFER_KEY, Map.of()), (k, licenses) -> {
                    OffsetDateTime redeemedAt = k.redeemedAt();
                    return new TransferKey(k.key(), k.createdByAccount(), k.issuedAt().toInstant(), licenses,
                            k.redeemedBy(), redeemedAt == null ? null : redeemedAt.toInstant());
                }));
    }

    /** The latest keys of one kind of each owner (a lateral subquery per owner), a row per license line. */
    private static Select<Record> ofKind(KeyKind kind, String[] owners) {
        Field<String> owner = field(name("o", "owner"), String.class);
        Table<?> latest = lateral(select(ACTIVATION_KEY.ACTIVATION_KEY_, ACTIVATION_KEY.REDEEMED_BY,
                ACTIVATION_KEY.REDEEMED_AT, ACTIVATION_KEY.CREATED_BY_ACCOUNT, ACTIVATION_KEY.ISSUED_AT)
                .from(ACTIVATION_KEY).where(kind.ownerColumn.eq(owner))
                .orderBy(kind.when.desc(), ACTIVATION_KEY.ACTIVATION_KEY_.desc()).limit(LISTED)).as("k");
        Field<String> key = latest.field(ACTIVATION_KEY.ACTIVATION_KEY_);
        List<SelectField<?>> columns = List.of(owner.as("owner"), inline(kind.name()).as("kind"), key.as("key"),
                latest.field(ACTIVATION_KEY.REDEEMED_BY).as("redeemed_by"),
                latest.field(ACTIVATION_KEY.REDEEMED_AT).as("redeemed_at"),
                latest.field(ACTIVATION_KEY.CREATED_BY_ACCOUNT).as("created_by_account"),
                latest.field(ACTIVATION_KEY.ISSUED_AT).as("issued_at"), latest.field(kind.when).as("at"),
                ACTIVATION_KEY_LICENSE.LICENSE_CODE.as("license_code"), ACTIVATION_KEY_LICENSE.QUANTITY.as("quantity"));
        return select(columns).from(unnest(owners).as("o", "owner")).crossJoin(latest)
                .join(ACTIVATION_KEY_LICENSE).on(ACTIVATION_KEY_LICENSE.ACTIVATION_KEY.eq(key));
    }

    /** The listed keys of one kind per owner, with the number of earlier ones counted for the full lists. */
    private <T> Map<String, Listed<T>> counted(KeyKind kind, Map<String, Map<KeyRow, List<LicenseLine>>> lines,
                                              BiFunction<KeyRow, List<LicenseLine>, T> toKey) {
        String[] full = lines.entrySet().stream().filter(listed -> listed.getValue().size() >= LISTED)
                .map(Map.Entry::getKey).toArray(String[]::new);
        Map<String, Integer> counted = new HashMap<>();
        if (full.length > 0) {
            db.select(kind.ownerColumn, count()).from(ACTIVATION_KEY).where(kind.ownerColumn.eq(any(full)))
                    .groupBy(kind.ownerColumn)
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
