package com.licensemanager.state.accounts;

import com.licensemanager.platform.db.tables.records.AccountRecord;
import com.licensemanager.platform.sql.RoundTrip;
import org.jooq.DSLContext;
import org.jooq.Field;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static com.licensemanager.platform.db.Tables.ACCOUNT;
import static com.licensemanager.platform.db.Tables.ACCOUNT_GROUP;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.array;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.unnest;

/** Accounts and groups. */
public class Accounts {

    private final DSLContext db;

    public Accounts(DSLContext db) {
        this.db = db;
    }

    public Optional<Account> find(String accountId) {
        return db.selectFrom(ACCOUNT).where(ACCOUNT.ACCOUNT_ID.eq(accountId)).fetchOptional().map(Accounts::toAccount);
    }

    /**
     * Opens the accounts of one batch of requests: those with these ids (the accounts it acts for) or these e-mails
     * (in their stored form), in one statement joined to a round trip: the accounts are there once it is sent.
     */
    public Supplier<BatchAccounts> forBatch(Collection<String> accountIds, Collection<String> emails, RoundTrip trip) {
        if (accountIds.isEmpty() && emails.isEmpty()) {
            return () -> new BatchAccounts(db, List.of());
        }
        RoundTrip.Rows rows = trip.read(db.selectFrom(ACCOUNT)
                .where(ACCOUNT.ACCOUNT_ID.eq(any(accountIds.toArray(String[]::new)))
                        .or(ACCOUNT.EMAIL.eq(any(emails.toArray(String[]::new))))));
        return () -> new BatchAccounts(db, rows.result().into(ACCOUNT).map(Accounts::toAccount));
    }

    /** An e-mail as accounts are stored and looked up by it: trimmed (a pasted tab), lower case; "" for none. */
    public static String normalisedEmail(String typed) {
        return typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
    }

    public boolean groupExists(String groupId) {
        return db.fetchExists(ACCOUNT_GROUP, ACCOUNT_GROUP.GROUP_ID.eq(groupId));
    }

    public boolean createGroup(String groupId, String name) {
        return db.insertInto(ACCOUNT_GROUP)
                .set(ACCOUNT_GROUP.GROUP_ID, groupId)
                .set(ACCOUNT_GROUP.NAME, name)
                .onConflictDoNothing()
                .execute() == 1;
    }

    public void joinGroup(String accountId, String groupId) {
        db.update(ACCOUNT).set(ACCOUNT.GROUP_ID, groupId).where(ACCOUNT.ACCOUNT_ID.eq(accountId)).execute();
    }

    /** The accounts that use a balance: the group's members, or the account itself. */
    public List<String> membersOf(String balanceOwner) {
        List<String> members = db.select(ACCOUNT.ACCOUNT_ID).from(ACCOUNT)
                .where(ACCOUNT.GROUP_ID.eq(balanceOwner)).orderBy(ACCOUNT.ACCOUNT_ID).fetch(ACCOUNT.ACCOUNT_ID);
        if (!members.isEmpty() || groupExists(balanceOwner)) {
            return members;
        }
        return List.of(balanceOwner);
    }

    /** Who uses a balance: whether its owner is a group, and the accounts that use it. */
    public record BalanceUsers(boolean group, List<String> members) {
    }

    /**
     * The users of each of these balances, in one statement: the same as {@link #groupExists} and {@link #membersOf}
     * asked owner by owner.
     */
    public Map<String, BalanceUsers> usersOfAll(Collection<String> balanceOwners) {
        Map<String, BalanceUsers> users = new HashMap<>();
        if (balanceOwners.isEmpty()) {
            return users;
        }
        var owners = unnest(balanceOwners.stream().distinct().toArray(String[]::new)).as("o", "owner");
        Field<String> owner = field(name("o", "owner"), String.class);
        db.select(owner, isGroup(owner), membersOfGroup(owner)).from(owners).fetch().forEach(row ->
                users.put(row.value1(), users(row.value1(), row.value2(), row.value3())));
        return users;
    }

    /**
     * Whether the balance owner a statement names is a group: for a statement that reads the users of a balance
     * with other things ({@link #users}).
     */
    public static Field<Boolean> isGroup(Field<String> balanceOwner) {
        return field(exists(selectOne().from(ACCOUNT_GROUP).where(ACCOUNT_GROUP.GROUP_ID.eq(balanceOwner))));
    }

    /** The members of the group a statement names, in id order; none for an account ({@link #users}). */
    public static Field<String[]> membersOfGroup(Field<String> balanceOwner) {
        return array(select(ACCOUNT.ACCOUNT_ID).from(ACCOUNT).where(ACCOUNT.GROUP_ID.eq(balanceOwner))
                .orderBy(ACCOUNT.ACCOUNT_ID));
    }

    /** Who uses the balance, from {@link #isGroup} and {@link #membersOfGroup}: an account is its own only user. */
    public static BalanceUsers users(String balanceOwner, boolean group, String[] members) {
        List<String> named = List.of(members);
        return new BalanceUsers(group, !named.isEmpty() || group ? named : List.of(balanceOwner));
    }

    /** Whether vendor staff enabled moves for the account itself or for its group. */
    public boolean hasMoveContract(Account account) {
        boolean own = db.fetchExists(ACCOUNT, ACCOUNT.ACCOUNT_ID.eq(account.accountId()).and(ACCOUNT.MOVE_CONTRACT.isTrue()));
        return own || account.groupId() != null && db.fetchExists(ACCOUNT_GROUP,
                ACCOUNT_GROUP.GROUP_ID.eq(account.groupId()).and(ACCOUNT_GROUP.MOVE_CONTRACT.isTrue()));
    }

    /** Enables the move contract for an account or a group; answers false if neither exists. */
    public boolean enableMoveContract(String balanceOwner) {
        int groups = db.update(ACCOUNT_GROUP).set(ACCOUNT_GROUP.MOVE_CONTRACT, true)
                .where(ACCOUNT_GROUP.GROUP_ID.eq(balanceOwner)).execute();
        int accounts = db.update(ACCOUNT).set(ACCOUNT.MOVE_CONTRACT, true)
                .where(ACCOUNT.ACCOUNT_ID.eq(balanceOwner)).execute();
        return groups + accounts > 0;
    }

    private static Account toAccount(AccountRecord record) {
        return new Account(record.getAccountId(), record.getEmail(), record.getCompany(), record.getGroupId());
    }
}
