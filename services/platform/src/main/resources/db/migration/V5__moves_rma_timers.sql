-- A move of all licenses of one unit to another. It closes exactly once: RETURNED when the old unit reaches the
-- vendor in time, CHARGED when the deadline passes first (RMA replacements have no deadline and close at once).
-- Both closings are the same conditional update (where outcome is null), so whichever commits first wins.
create table license_move (
    move_id     uuid        primary key,
    kind        text        not null check (kind in ('MOVE', 'RMA_REPLACEMENT')),
    owner       text        not null,
    moved_by    text        not null references account (account_id),
    from_mac    text        not null references unit (mac),
    to_mac      text        not null references unit (mac),
    moved_at    timestamptz not null,
    deadline    timestamptz,
    outcome     text        check (outcome in ('RETURNED', 'CHARGED', 'REPLACED')),
    closed_at   timestamptz,
    check ((kind = 'MOVE') = (deadline is not null)),
    check ((outcome is null) = (closed_at is null))
);

-- At most one open move per old unit.
create unique index license_move_open_from on license_move (from_mac) where outcome is null;

create table license_move_line (
    move_id      uuid    not null references license_move (move_id),
    license_code text    not null,
    quantity     integer not null check (quantity > 0),
    primary key (move_id, license_code)
);

-- The status history of a unit (OK, RMA, ...), kept when licenses follow it to a replacement.
create table unit_status_change (
    id          bigint generated always as identity primary key,
    mac         text        not null references unit (mac),
    status      text        not null,
    cause       text        not null,
    changed_at  timestamptz not null
);

create index unit_status_change_mac on unit_status_change (mac);

-- db-scheduler's table (com.github.kagkarlsson:db-scheduler 16, PostgreSQL flavour): durable, cluster-safe timers.
create table scheduled_tasks (
    task_name            text                     not null,
    task_instance        text                     not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    primary key (task_name, task_instance)
);

create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
