package com.licensemanager.requests.decision;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.schemas.common.LicenseFile;
import com.licensemanager.state.accounts.Account;
import com.licensemanager.state.balances.BalanceSheet;
import com.licensemanager.state.publication.Changes;
import com.licensemanager.state.units.LicenseFiles;
import com.licensemanager.state.units.Unit;
import com.licensemanager.state.units.Units;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the requests of one transaction share, loaded before the first of them is decided and handed to each
 * decision: the registered accounts they act for, their balances (locked in owner order, debited and credited in
 * memory, written once at the flush) and the units they name (locked in MAC order for the rest of the transaction)
 * with their licenses and latest license files, each read for the whole batch in one statement.
 *
 * <p>The loaded units stay true until a request of the batch changes one: the decisions still write to the tables
 * at once, and every unit a decision changed ({@link Changes}) is dropped from the batch after it, so a later request
 * reads that unit again from the database. A batch that fails is redone record by record, each record with a new
 * batch, so nothing a failed batch read or planned is seen again.
 */
public final class RequestBatch {

    private final Map<String, Account> accounts;
    private final Units units;
    private final LicenseFiles files;
    /** The MACs whose rows below are still what the database holds; a unit without a row was not shipped. */
    private final Set<String> loaded;
    private final Map<String, Unit> lockedUnits;
    private final Map<String, LicenseBundle> licenses;
    private final Map<String, LicenseFile> latestFiles;
    private final BalanceSheet balances;

    private RequestBatch(Map<String, Account> accounts, BalanceSheet balances, Units units, LicenseFiles files,
                         Set<String> loaded, Map<String, Unit> lockedUnits, Map<String, LicenseBundle> licenses,
                         Map<String, LicenseFile> latestFiles) {
        this.accounts = accounts;
        this.balances = balances;
        this.units = units;
        this.files = files;
        this.loaded = loaded;
        this.lockedUnits = lockedUnits;
        this.licenses = licenses;
        this.latestFiles = latestFiles;
    }

    /**
     * Takes the accounts' balances (locked and read when the sheet was opened), locks the named units (normalised
     * MACs) in MAC order and reads their licenses and latest files.
     */
    public static RequestBatch load(Map<String, Account> accounts, BalanceSheet balances, Collection<String> macs,
                                    Units units, LicenseFiles files) {
        Map<String, Unit> locked = units.lockAll(macs);
        Map<String, LicenseFile> latest = new HashMap<>();
        units.latestFiles(macs).forEach((mac, file) -> latest.put(mac, LicenseFiles.toAvro(file)));
        return new RequestBatch(accounts, balances, units, files, new HashSet<>(macs), locked,
                new HashMap<>(units.licensesOfAll(macs)), latest);
    }

    /** The account if it was registered when the batch opened; one registered later in the batch is not here. */
    public Optional<Account> registeredBefore(String accountId) {
        return Optional.ofNullable(accounts.get(accountId));
    }

    /** The unit, locked for the rest of the transaction; empty if it was never shipped. */
    public Optional<Unit> lockedUnit(String mac) {
        return loaded.contains(mac) ? Optional.ofNullable(lockedUnits.get(mac)) : units.lock(mac);
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

    /** Writes what the decisions changed in the balances; called once, after the batch's last decision. */
    public void flush() {
        balances.flush();
    }

    /** After a decision: the units it changed are read from the database again by the requests after it. */
    public void forget(Changes changes) {
        for (String mac : changes.units()) {
            loaded.remove(mac);
            lockedUnits.remove(mac);
            licenses.remove(mac);
            latestFiles.remove(mac);
        }
    }
}
