-- A balance state lists only the latest activations and transfer keys (BalanceStates): these find them without
-- sorting every key the balance ever had.
create index activation_key_redeemed_into_at on activation_key (redeemed_into, redeemed_at);
create index activation_key_created_by_owner_at on activation_key (created_by_owner, issued_at);
