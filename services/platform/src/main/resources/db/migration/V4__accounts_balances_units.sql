-- Groups combine the accounts of one company: they see all the group's units and use one shared balance.
create table account_group (
    group_id      text        primary key,
    name          text        not null,
    move_contract boolean     not null default false,
    created_at    timestamptz not null default now()
);

create table account (
    account_id    text        primary key,
    email         text        not null unique check (email = lower(email)),
    company       text        not null,
    group_id      text        references account_group (group_id),
    move_contract boolean     not null default false,
    created_at    timestamptz not null default now()
);

-- One row per balance owner (an account outside any group, or a group) and license code.
-- available = uploaded - used - transferred; the check makes a negative balance impossible whatever the code does.
create table balance (
    owner         text    not null,
    license_code  text    not null,
    uploaded      integer not null default 0 check (uploaded >= 0),
    used          integer not null default 0 check (used >= 0),
    transferred   integer not null default 0 check (transferred >= 0),
    primary key (owner, license_code),
    check (uploaded - used - transferred >= 0)
);

-- Monotonic versions of the compacted state topics, so their readers can drop a stale value.
create table balance_owner_state (
    owner         text        primary key,
    version       bigint      not null default 0
);

alter table activation_key
    add column created_by_owner   text,
    add column created_by_account text,
    add column redeemed_by        text references account (account_id),
    add column redeemed_into      text,
    add column redeemed_at        timestamptz,
    add check ((redeemed_by is null) = (redeemed_at is null)),
    add check ((origin = 'TRANSFER') = (created_by_owner is not null));

create index activation_key_redeemed_into on activation_key (redeemed_into);
create index activation_key_created_by_owner on activation_key (created_by_owner);

alter table unit
    add column owner            text,
    add column assigned_by      text references account (account_id),
    add column status           text   not null default 'OK' check (status in ('OK', 'RMA')),
    add column end_user         text   references account (account_id),
    add column end_customer     text,
    add column location         text,
    add column comment1         text,
    add column comment2         text,
    add column copy_of          text,
    add column moved_to         text,
    add column license_sequence integer not null default 0,
    add column version          bigint  not null default 0;

create index unit_owner on unit (owner);

-- The licenses on a unit, as a ledger: rows are only ever added (assign, add, or a negative refund row by
-- vendor staff), never changed or deleted; a unit's licenses are the sum per code.
create table unit_license (
    id           bigint generated always as identity primary key,
    mac          text        not null references unit (mac),
    license_code text        not null,
    quantity     integer     not null check (quantity <> 0),
    reason       text        not null check (reason in ('ASSIGNED', 'ADDED', 'REFUNDED', 'MOVED_IN')),
    request_id   text        not null,
    created_at   timestamptz not null default now()
);

create index unit_license_mac on unit_license (mac);

create function unit_license_is_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'licenses on a unit are immutable: % on unit_license is not allowed', tg_op;
end;
$$;

create trigger unit_license_immutable before update or delete on unit_license
    for each row execute function unit_license_is_immutable();

create table license_file (
    mac        text        not null references unit (mac),
    sequence   integer     not null check (sequence > 0),
    issued_at  timestamptz not null,
    content    text        not null,
    primary key (mac, sequence)
);

-- Exactly one result per request id: a request re-sent under a new message id finds its result here and is
-- answered with the same event.
create table request_result (
    request_id    text        primary key,
    acting        text        not null,
    event_id      uuid        not null,
    result        bytea       not null,
    created_at    timestamptz not null default now()
);

-- Failed redemptions per account, to throttle key guessing.
create table redemption_failure (
    account_id  text        not null,
    failed_at   timestamptz not null
);

create index redemption_failure_account on redemption_failure (account_id, failed_at);
