-- Outbox rows the broker or the registry will never accept (a record larger than the broker takes, a schema the
-- registry refuses, a payload that is not what its type says) are moved here by the relay instead of blocking every
-- row behind them. Same columns as the outbox, plus when and why; an operator inspects them and, once the cause is
-- fixed, moves them back (docs/runbook.md, "Parked outbox events"). Never deleted by retention.
create table outbox_parked (
    id             bigint      primary key, -- the outbox id it had: its place in the original order
    event_id       uuid        not null,
    topic          text        not null,
    message_key    text        not null,
    event_type     text        not null,
    source         text        not null,
    payload        bytea       not null,
    correlation_id text,
    causation_id   text,
    occurred_at    timestamptz not null,
    created_at     timestamptz not null,
    parked_at      timestamptz not null default now(),
    reason         text        not null
);
