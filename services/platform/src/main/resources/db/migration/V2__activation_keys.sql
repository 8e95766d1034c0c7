-- An activation key bundles licenses: purchased ones for one order, or ones given on by an account (transfer key).
create table activation_key (
    activation_key     text        primary key,
    origin             text        not null check (origin in ('ORDER', 'TRANSFER')),
    scan_payload       text        not null,
    order_number       text        unique,
    order_fingerprint  text,
    customer_reference text,
    customer_name      text,
    customer_account   text,
    issued_at          timestamptz not null,
    check ((origin = 'ORDER') = (order_number is not null and order_fingerprint is not null))
);

create table activation_key_license (
    activation_key text    not null references activation_key (activation_key),
    license_code   text    not null,
    quantity       integer not null check (quantity > 0),
    primary key (activation_key, license_code)
);
