package com.licensemanager.state.accounts;

import com.licensemanager.platform.sql.RoundTrip;
import org.jooq.DSLContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.jooq.impl.DSL.val;

/**
 * The accounts one batch of requests acts for or names by e-mail (registrations, end users to share with), read when
 * it opens ({@link Accounts#forBatch}), and the accounts it registers: known to the requests after them at once,
 * written when the batch flushes, in one statement.
 *
 * <p>One account per id and per e-mail: a registration is refused on what the batch holds (what the table held when
 * it opened, and the batch's own registrations). One of another consumer thread, uncommitted when this batch opened,
 * makes the flush's insert find a conflict: the flush then fails the batch, which is redone record by record, and the
 * record reads the other registration and is refused with the reason the portal expects.
 */
public final class BatchAccounts {

    private final DSLContext db;
    private final Map<String, Account> byId;
    private final Map<String, Account> byEmail;
    private final List<Account> registered = new ArrayList<>();

    BatchAccounts(DSLContext db, List<Account> read) {
        this.db = db;
        this.byId = new HashMap<>();
        this.byEmail = new HashMap<>();
        read.forEach(this::hold);
    }

    private void hold(Account account) {
        byId.put(account.accountId(), account);
        byEmail.put(account.email(), account);
    }

    /** The account, registered before the batch or by an earlier request of it. */
    public Optional<Account> find(String accountId) {
        return Optional.ofNullable(byId.get(accountId));
    }

    /** The account with this e-mail (in its stored form, {@link Accounts#normalisedEmail}), as {@link #find}. */
    public Optional<Account> findByEmail(String email) {
        return Optional.ofNullable(byEmail.get(email));
    }

    /**
     * Registers the account for the rest of the batch. Its id and e-mail must be free ({@link #find},
     * {@link #findByEmail}): the caller refuses the request otherwise, with the reason that names which.
     */
    public void register(String accountId, String email, String company) {
        if (byId.containsKey(accountId) || byEmail.containsKey(email)) {
            throw new IllegalStateException("account " + accountId + " or its e-mail is registered already");
        }
        Account account = new Account(accountId, email, company, null);
        hold(account);
        registered.add(account);
    }

    /**
     * Writes the batch's registrations with the other writes of its flush; the trip fails if another transaction
     * took one's id or e-mail meanwhile (the insert then finds fewer rows to insert than the batch registered).
     */
    public void flush(RoundTrip writes) {
        if (registered.isEmpty()) {
            return;
        }
        writes.write(db.query("""
                                insert into account (account_id, email, company)
                                select * from unnest({0}, {1}, {2})
                                on conflict do nothing""",
                        val(registered.stream().map(Account::accountId).toArray(String[]::new)),
                        val(registered.stream().map(Account::email).toArray(String[]::new)),
                        val(registered.stream().map(Account::company).toArray(String[]::new))),
                registered.size(), "accounts this batch registered inserted (the others were registered by another"
                        + " transaction meanwhile)");
        registered.clear();
    }
}
