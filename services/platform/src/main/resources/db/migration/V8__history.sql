-- Issue 17: the history of every unit and balance. One immutable row per change of one subject, inserted in the
-- transaction of the change (so no change without its entry and no entry without its change); published on
-- licensing.history.v1 through the outbox and read by the operator CLI. Rows are only ever added: a trigger refuses
-- updates and deletes, and nothing in the code issues them (the table has no retention either: the history is the
-- point).
create table history_entry (
    -- the entry's id, also the ce_id of its event
    entry_id       uuid        primary key,
    -- the order of the entries; a subject is locked while it changes, so its later change gets the higher position
    -- (except TRANSFER_KEY_REDEEMED on the giver's balance, which is not locked for it and moves no figure)
    position       bigint      generated always as identity,
    subject_kind   text        not null check (subject_kind in ('UNIT', 'BALANCE')),
    -- a unit's MAC or a balance owner
    subject        text        not null,
    change         text        not null check (change in ('SHIPPED', 'LICENSED', 'ADDED', 'SHARED', 'DETAILS_CHANGED',
                                   'MOVED_OUT', 'MOVED_IN', 'RMA', 'REPLACED', 'REPLACEMENT', 'RETURNED_TO_VENDOR',
                                   'MOVE_CHARGED', 'REFUNDED', 'JOINED_GROUP', 'KEY_REDEEMED', 'TRANSFER_KEY_CREATED',
                                   'TRANSFER_KEY_REDEEMED', 'MEMBER_JOINED')),
    account        text,
    -- the request id, or the id of what else caused the change (notification, move, shipment message)
    request_id     text        not null,
    correlation_id text,
    occurred_at    timestamptz not null,
    -- the HistoryEntry as published (Avro binary, its position field 0: the column above is the position)
    entry          bytea       not null,
    -- One cause changes one subject in one way once: a replayed request that got through would fail here, and with
    -- it its change, instead of writing a second entry.
    unique (subject_kind, subject, request_id, change)
);

create index history_entry_subject on history_entry (subject_kind, subject, position);

create function history_entry_is_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'history entries are immutable: % on history_entry is not allowed', tg_op;
end;
$$;

create trigger history_entry_immutable before update or delete on history_entry
    for each row execute function history_entry_is_immutable();
