package com.licensemanager.state.keys;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.state.licenses.LicenseLines;
import com.licensemanager.platform.sql.RoundTrip;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.jooq.impl.DSL.val;

/**
 * The activation keys one batch of requests names, and the failed redemptions of the accounts that redeem in it:
 * read, and the keys locked, when the batch opens ({@link ActivationKeys#forBatch}); redeemed, made and failed in
 * memory by its decisions; written when it flushes, a statement per kind of write whatever the batch's size.
 *
 * <p>Redeemed at most once: a named key's row is locked from the batch's first statement on, so a concurrent batch
 * that names it too waits for this one's commit and then reads it redeemed; a key redeemed in memory is redeemed for
 * every later request of the batch; and the flush's update is conditional on the key being unredeemed and fails the
 * batch (which is then redone record by record) if any key it redeems was not.
 */
public final class BatchKeys {

    private final DSLContext db;
    /** The named keys that exist, and the transfer keys made in this batch, as this batch sees them now. */
    private final Map<String, Key> keys;
    private final Map<String, Integer> recentFailures;
    private final List<Redeemed> redeemed = new ArrayList<>();
    private final List<Made> made = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();

    BatchKeys(DSLContext db, Map<String, Key> keys, Map<String, Integer> recentFailures) {
        this.db = db;
        this.keys = keys;
        this.recentFailures = recentFailures;
    }

    /** One key as the batch holds it. */
    record Key(StoredKey stored, LicenseBundle licenses, boolean redeemed) {
        Key redeemedNow() {
            return new Key(stored, licenses, true);
        }
    }

    private record Redeemed(String key, String account, String intoOwner, Instant at) {
    }

    private record Made(String key, String scanPayload, LicenseBundle licenses, String owner, String account,
                        Instant at) {
    }

    private record Failure(String account, Instant at) {
    }

    /** The key, if it exists (was stored when the batch opened, or made by it). */
    public Optional<StoredKey> find(String key) {
        return Optional.ofNullable(keys.get(key)).map(Key::stored);
    }

    /** The licenses of a key that exists. */
    public LicenseBundle licenses(String key) {
        return keys.get(key).licenses();
    }

    /** Redeems an existing key unless it was redeemed already (before the batch or in it); answers whether it did. */
    public boolean redeem(String key, String account, String intoOwner, Instant at) {
        Key held = keys.get(key);
        if (held == null || held.redeemed()) {
            return false;
        }
        keys.put(key, held.redeemedNow());
        redeemed.add(new Redeemed(key, account, intoOwner, at));
        return true;
    }

    /** Makes a transfer key of the owner's licenses; it exists, unredeemed, for the rest of the batch. */
    public void createTransferKey(String key, String scanPayload, LicenseBundle licenses, String owner,
                                  String account, Instant at) {
        keys.put(key, new Key(new StoredKey(key, KeyOrigin.TRANSFER, owner), licenses, false));
        made.add(new Made(key, scanPayload, licenses, owner, account, at));
    }

    /** The account's failed redemptions in the window the batch was opened with, its own failures included. */
    public int recentFailures(String account) {
        return recentFailures.getOrDefault(account, 0);
    }

    public void recordFailure(String account, Instant at) {
        recentFailures.merge(account, 1, Integer::sum);
        failures.add(new Failure(account, at));
    }

    /**
     * Writes what the batch's decisions did: the transfer keys it made with their licenses (before the redemptions,
     * one of which could be of such a key), the redemptions, the failures. Called once, after the last decision.
     */
    public void flush(RoundTrip writes) {
        if (!made.isEmpty()) {
            writeMade(writes);
        }
        if (!redeemed.isEmpty()) {
            writeRedeemed(writes);
        }
        if (!failures.isEmpty()) {
            writes.write(db.query("""
                            insert into redemption_failure (account_id, failed_at)
                            select d.account_id, d.failed_at from unnest({0}, {1}) as d(account_id, failed_at)""",
                    val(failures.stream().map(Failure::account).toArray(String[]::new)),
                    val(failures.stream().map(failure -> utc(failure.at())).toArray(OffsetDateTime[]::new))));
            failures.clear();
        }
    }

    private void writeMade(RoundTrip writes) {
        writes.write(db.query("""
                        insert into activation_key (activation_key, origin, scan_payload, created_by_owner,
                                                    created_by_account, issued_at)
                        select d.activation_key, {0}, d.scan_payload, d.owner, d.account, d.issued_at
                        from unnest({1}, {2}, {3}, {4}, {5}) as d(activation_key, scan_payload, owner, account,
                                                                 issued_at)""",
                val(KeyOrigin.TRANSFER.name()),
                val(made.stream().map(Made::key).toArray(String[]::new)),
                val(made.stream().map(Made::scanPayload).toArray(String[]::new)),
                val(made.stream().map(Made::owner).toArray(String[]::new)),
                val(made.stream().map(Made::account).toArray(String[]::new)),
                val(made.stream().map(key -> utc(key.at())).toArray(OffsetDateTime[]::new))));
        List<String> lineKeys = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        List<Integer> quantities = new ArrayList<>();
        for (Made key : made) {
            for (Map.Entry<LicenseCode, Integer> line : key.licenses().quantities().entrySet()) {
                lineKeys.add(key.key());
                codes.add(line.getKey().print());
                quantities.add(line.getValue());
            }
        }
        writes.write(db.query("""
                        insert into activation_key_license (activation_key, license_code, quantity)
                        select * from unnest({0}, {1}, {2})""",
                val(lineKeys.toArray(String[]::new)), val(codes.toArray(String[]::new)),
                val(quantities.toArray(Integer[]::new))));
        made.clear();
    }

    private void writeRedeemed(RoundTrip writes) {
        // Cannot find fewer than redeemed while the keys are locked from the batch's start; if it does, nothing of
        // the batch may commit.
        writes.write(db.query("""
                        update activation_key k
                        set redeemed_by = d.account, redeemed_into = d.owner, redeemed_at = d.redeemed_at
                        from unnest({0}, {1}, {2}, {3}) as d(activation_key, account, owner, redeemed_at)
                        where k.activation_key = d.activation_key and k.redeemed_by is null""",
                val(redeemed.stream().map(Redeemed::key).toArray(String[]::new)),
                val(redeemed.stream().map(Redeemed::account).toArray(String[]::new)),
                val(redeemed.stream().map(Redeemed::intoOwner).toArray(String[]::new)),
                val(redeemed.stream().map(key -> utc(key.at())).toArray(OffsetDateTime[]::new))),
                redeemed.size(), "keys this batch redeemed still unredeemed (the others were redeemed by another"
                        + " transaction)");
        redeemed.clear();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    /** The keys of rows read a license line each (a key and its state repeated on each of its lines). */
    static Map<String, Key> keysOf(List<KeyRow> rows) {
        Map<String, KeyRow> first = new HashMap<>();
        Map<String, Map<String, Integer>> lines = new HashMap<>();
        for (KeyRow row : rows) {
            first.putIfAbsent(row.key().activationKey(), row);
            if (row.licenseCode() != null) {
                lines.computeIfAbsent(row.key().activationKey(), key -> new LinkedHashMap<>())
                        .put(row.licenseCode(), row.quantity());
            }
        }
        Map<String, Key> keys = new HashMap<>();
        first.forEach((key, row) -> keys.put(key, new Key(row.key(),
                LicenseLines.fromStored(lines.getOrDefault(key, Map.of())), row.redeemed())));
        return keys;
    }

    /** A key read with one of its license lines (none: null code). */
    record KeyRow(StoredKey key, boolean redeemed, String licenseCode, Integer quantity) {
    }
}
