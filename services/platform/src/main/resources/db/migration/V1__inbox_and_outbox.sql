-- Idempotent consumption: a message id is recorded in the same transaction as the change it caused,
-- so a redelivered message finds its id here and changes nothing.
create table inbox (
    consumer     text        not null,
    message_id   text        not null,
    topic        text        not null,
    partition    integer     not null,
    record_offset bigint     not null,
    received_at  timestamptz not null default now(),
    primary key (consumer, message_id)
);

create index inbox_received_at on inbox (received_at);

-- Transactional outbox: events are written in the business transaction and relayed to Kafka afterwards,
-- in id order, then deleted. event_id is the ce_id every (re)publication of the event carries.
create table outbox (
    id             bigint generated always as identity primary key,
    event_id       uuid        not null,
    topic          text        not null,
    message_key    text        not null,
    event_type     text        not null, -- ce_type: the payload's Avro full name, also used to decode it
    source         text        not null,
    payload        bytea       not null, -- plain Avro binary; the relay adds the registry framing
    correlation_id text,
    causation_id   text,
    occurred_at    timestamptz not null,
    created_at     timestamptz not null default now()
);
