package com.licensemanager.state.accounts;

import com.licensemanager.platform.db.tables.records.AccountRecord;
import org.jooq.DSLContext;
import org.jooq.Field;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.licensemanager.platform.db.Tables.ACCOUNT;
import static com.licensemanager.platform.db.Tables.ACCOUNT_GROUP;
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

    /** The registered ones of these accounts, by id, in one statement. */
    public Map<String, Account> findAll(Collection<String> accountIds) {
        Map<String, Account> found = new HashMap<>();
        if (!accountIds.isEmpty()) {
            db.selectFrom(ACCOUNT).where(ACCOUNT.ACCOUNT_ID.in(accountIds)).fetch()
                    .forEach(record -> found.put(record.getAccountId(), toAccount(record)));
        }
        return found;
    }

    public Optional<Account> findByEmail(String email) {
        return db.selectFrom(ACCOUNT).where(ACCOUNT.EMAIL.eq(email)).fetchOptional().map(Accounts::toAccount);
    }

    /** Registers the account; answers false if its id or e-mail was taken meanwhile. */
    public boolean register(String accountId, String email, String company) {
        return db.insertInto(ACCOUNT)
                .set(ACCOUNT.ACCOUNT_ID, accountId)
                .set(ACCOUNT.EMAIL, email)
                .set(ACCOUNT.COMPANY, company)
                .onConflictDoNothing()
                .execute() == 1;
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
        Field<Boolean> group = field(exists(selectOne().from(ACCOUNT_GROUP).where(ACCOUNT_GROUP.GROUP_ID.eq(owner))));
        Field<String[]> members = array(select(ACCOUNT.ACCOUNT_ID).from(ACCOUNT).where(ACCOUNT.GROUP_ID.eq(owner))
                .orderBy(ACCOUNT.ACCOUNT_ID));
        db.select(owner, group, members).from(owners).fetch().forEach(row -> {
            List<String> named = List.of(row.value3());
            users.put(row.value1(), new BalanceUsers(row.value2(),
                    !named.isEmpty() || row.value2() ? named : List.of(row.value1())));
        });
        return users;
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
