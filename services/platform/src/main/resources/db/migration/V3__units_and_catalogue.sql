-- The product catalogue as loaded from the licensing-rules resource, for support queries and joins.
create table product_model (
    model              text    primary key,
    catalogue_version  text    not null,
    ab_ports           integer not null,
    bri_interfaces     integer not null,
    pri_interfaces     integer not null,
    pbx_max_size       integer not null,
    dsp_channels       integer not null,
    dect_master        boolean not null,
    description        text    not null,
    loaded_at          timestamptz not null default now()
);

-- A unit the warehouse shipped. The MAC is its identity for life (the RMA form is derived from it).
create table unit (
    mac          text        primary key check (mac ~ '^00-90-33-[0-9A-F]{2}-[0-9A-F]{2}-[0-9A-F]{2}$'),
    model        text        not null references product_model (model),
    order_number text,
    shipped_at   timestamptz not null,
    registered_at timestamptz not null default now()
);
