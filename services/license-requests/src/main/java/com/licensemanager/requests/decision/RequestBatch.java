package com.licensemanager.requests.decision;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.platform.sql.RoundTrip;
import com.licensemanager.schemas.common.LicenseFile;
import com.licensemanager.state.accounts.BatchAccounts;
import com.licensemanager.state.balances.BalanceSheet;
import com.licensemanager.state.keys.BatchKeys;
import com.licensemanager.state.publication.Changes;
import com.licensemanager.state.units.LicenseEntry;
import com.licensemanager.state.units.LicenseFiles;
import com.licensemanager.state.units.Unit;
import com.licensemanager.state.units.UnitDetails;
import com.licensemanager.state.units.UnitWrites;
import com.licensemanager.state.units.Units;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the requests of one transaction share, loaded before the first of them is decided and handed to each
 * decision: the accounts they act for or name by e-mail ({@link BatchAccounts}), their balances (locked in owner order, debited and credited in
 * memory, written once at the flush), the activation keys they redeem (locked in key order, {@link BatchKeys}) and
 * the units they name with their licenses and latest license files, each read
 * for the whole batch in one statement. The units a request may change are locked in MAC order for the rest of the
 * transaction; those named only by requests that read them (quotes, downloads) are read as last committed, without a
 * lock: a portal user's read of someone else's unit, or an end user's of a shared one, comes from another account's
 * partition and so another consumer thread, and locking it made that thread wait for this batch's commit (at the
 * maximum rate, the two listener threads then took turns instead of working at once).
 *
 * <p>Licenses put on a unit, its claim, details and end user go through the batch, which holds the unit's new state
 * for the requests after it and keeps the ledger entries, files and row changes until it flushes ({@link UnitWrites}:
 * four set-based statements per batch). A unit a decision changed outside the batch (a move) is dropped from it
 * after that decision, what the batch still held to write of it written first, so a later request reads that unit
 * again from the database. A batch that fails is redone record by record, each record with a new
 * batch, so nothing a failed batch read or planned is seen again.
 */
public final class RequestBatch {

    private final BatchAccounts accounts;
    private final Units units;
    private final LicenseFiles files;
    /** The MACs whose rows below are still what the database holds; a unit without a row was not shipped. */
    private final Set<String> loaded;
    /** Of {@link #loaded}, the units read without a lock: only requests that read them named them. */
    private final Set<String> unlocked;
    private final Map<String, Unit> heldUnits;
    private final Map<String, LicenseBundle> licenses;
    private final Map<String, LicenseFile> latestFiles;
    private final BalanceSheet balances;
    private final BatchKeys keys;
    private final UnitWrites writes;
    /** The units the current decision changed through the batch, which keeps their state in memory. */
    private final Set<String> kept = new HashSet<>();

    private RequestBatch(BatchAccounts accounts, BalanceSheet balances, BatchKeys keys, Units units,
                         LicenseFiles files,
                         Set<String> loaded, Set<String> unlocked, Map<String, Unit> heldUnits,
                         Map<String, LicenseBundle> licenses, Map<String, LicenseFile> latestFiles) {
        this.accounts = accounts;
        this.balances = balances;
        this.keys = keys;
        this.units = units;
        this.files = files;
        this.loaded = loaded;
        this.unlocked = unlocked;
        this.heldUnits = heldUnits;
        this.licenses = licenses;
        this.latestFiles = latestFiles;
        this.writes = units.newWrites();
    }

    /**
     * Locks the units to change (normalised MACs) in MAC order, reads the units only to read without a lock, and
     * reads their licenses and latest files: statements joined to a round trip, the units there once it is sent.
     */
    public static Supplier<Units.ForBatch> readUnits(NamedUnits named, Units units, RoundTrip trip) {
        return units.forBatch(named.toChange(), named.unlocked(), trip);
    }

    /** The batch, with the accounts' balances and the keys (locked when read) and the units {@link #readUnits} read. */
    public static RequestBatch load(BatchAccounts accounts, BalanceSheet balances, BatchKeys keys,
                                    NamedUnits named, Units.ForBatch read, Units units, LicenseFiles files) {
        Set<String> unlocked = named.unlocked();
        Set<String> macs = new HashSet<>(named.toChange());
        macs.addAll(unlocked);
        Map<String, LicenseFile> latest = new HashMap<>();
        read.latestFiles().forEach((mac, file) -> latest.put(mac, LicenseFiles.toAvro(file)));
        return new RequestBatch(accounts, balances, keys, units, files, macs, unlocked, read.units(),
                new HashMap<>(read.licenses()), latest);
    }

    /**
     * The units a batch's requests name: those a request may change, and those requests only read.
     *
     * @param toChange locked when the batch opens
     * @param toRead   read without a lock, unless also to change
     */
    public record NamedUnits(Set<String> toChange, Set<String> toRead) {

        /** Those only read: read without a lock. */
        Set<String> unlocked() {
            Set<String> unlocked = new HashSet<>(toRead);
            unlocked.removeAll(toChange);
            return unlocked;
        }
    }

    /** The accounts the batch acts for and names by e-mail, and those it registers (written at the flush). */
    public BatchAccounts accounts() {
        return accounts;
    }

    /**
     * The unit, locked for the rest of the transaction; empty if it was never shipped. For a decision that may change
     * it (one of a unit only read so far is locked and read again now).
     */
    public Optional<Unit> lockedUnit(String mac) {
        if (unlocked.remove(mac)) {
            forgetLoaded(mac);
        }
        return loaded.contains(mac) ? Optional.ofNullable(heldUnits.get(mac)) : units.lock(mac);
    }

    /** The unit as this batch holds it or as last committed, without taking a lock; for a decision that only reads. */
    public Optional<Unit> unitToRead(String mac) {
        return loaded.contains(mac) ? Optional.ofNullable(heldUnits.get(mac)) : units.find(mac);
    }

    /** The licenses on the unit. */
    public LicenseBundle licensesOf(String mac) {
        return loaded.contains(mac) ? licenses.getOrDefault(mac, LicenseBundle.empty()) : units.licenses(mac);
    }

    /** The unit's latest license file, if it has one. */
    public Optional<LicenseFile> latestFileOf(String mac) {
        return loaded.contains(mac) ? Optional.ofNullable(latestFiles.get(mac)) : files.latest(mac);
    }

    /** The balances of the batch: decisions read, debit and credit them here; written when the batch flushes. */
    public BalanceSheet balances() {
        return balances;
    }

    /** The activation keys the batch's requests name (locked when it opened), redeemed and made here; written at the flush. */
    public BatchKeys keys() {
        return keys;
    }

    /**
     * Puts licenses on a unit: notes the ledger rows and signs the unit's next file (its sequence counted here, the
     * unit being locked), both written when the batch flushes; later requests of the batch see the new licenses and
     * file. Answers the file.
     */
    public LicenseFile putLicenses(Unit unit, LicenseBundle added, LicenseEntry entry, String requestId) {
        String mac = unit.mac();
        keepLoaded(mac);
        LicenseBundle now = licensesOf(mac).plus(added);
        int sequence = latestFileOf(mac).map(LicenseFile::getSequence).orElse(0) + 1;
        LicenseFile file = files.sign(mac, sequence, now);
        writes.record(mac, added, entry, requestId);
        writes.store(file);
        licenses.put(mac, now);
        latestFiles.put(mac, file);
        kept.add(mac);
        return file;
    }

    /** First licensing: the unit becomes the owner's, with the assigning account's details (written at the flush). */
    public void claim(Unit unit, String owner, String assignedBy, UnitDetails details) {
        writes.claim(unit.mac(), owner, assignedBy, details);
        keepLoaded(unit.mac());
        heldUnits.computeIfPresent(unit.mac(), (mac, held) -> new Unit(mac, held.model(), owner, held.endUser(),
                held.status(), held.movedTo()));
        kept.add(unit.mac());
    }

    /** Replaces the details that are given (written at the flush); nothing else the batch holds of the unit changes. */
    public void updateDetails(Unit unit, UnitDetails details) {
        writes.updateDetails(unit.mac(), details);
        kept.add(unit.mac());
    }

    /** Shares the unit with an end user's account (written at the flush). */
    public void shareWith(Unit unit, String endUserAccount) {
        writes.shareWith(unit.mac(), endUserAccount);
        keepLoaded(unit.mac());
        heldUnits.computeIfPresent(unit.mac(), (mac, held) -> new Unit(mac, held.model(), held.owner(),
                endUserAccount, held.status(), held.movedTo()));
        kept.add(unit.mac());
    }

    /** A unit a decision changes through the batch is held by it from then on (read once if it was not). */
    private void keepLoaded(String mac) {
        if (loaded.contains(mac)) {
            return;
        }
        units.lock(mac).ifPresent(unit -> heldUnits.put(mac, unit));
        licenses.put(mac, units.licenses(mac));
        files.latest(mac).ifPresent(file -> latestFiles.put(mac, file));
        loaded.add(mac);
    }

    /**
     * Writes what the decisions changed and left to the flush: the accounts registered (first: the rows below may
     * refer to them), the units' ledger entries and files, the keys made and redeemed, then the balances. They join
     * {@code writes}, sent after the answers join it too (one round trip for them all). Called once, after the
     * batch's last decision.
     */
    public void flush(RoundTrip writes) {
        accounts.flush(writes);
        this.writes.flush(writes);
        keys.flush(writes);
        balances.flush(writes);
    }

    /**
     * After a decision: the units it changed outside the batch (moves) are read from the database again by the
     * requests after it, what the batch still held to write of them written first; those it changed through the
     * batch stay as the batch holds them.
     */
    public void forget(Changes changes) {
        for (String mac : changes.units()) {
            if (kept.contains(mac)) {
                continue;
            }
            if (writes.pendingFor(mac)) {
                writes.writeNow(List.of(mac));
            }
            forgetLoaded(mac);
        }
        kept.clear();
    }

    /** The next look at the unit reads it from the database. */
    private void forgetLoaded(String mac) {
        loaded.remove(mac);
        heldUnits.remove(mac);
        licenses.remove(mac);
        latestFiles.remove(mac);
    }
}
