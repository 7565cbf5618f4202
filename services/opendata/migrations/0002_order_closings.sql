-- An order's closing (rules version 2) comes from billing, on another topic than the order itself:
-- it may arrive first, so it is kept apart (like tender_closings) and joined when read.
ALTER TABLE orders DROP COLUMN closed_amount_cents, DROP COLUMN closed_at;

CREATE TABLE order_closings (
    order_id text PRIMARY KEY,
    amount_cents bigint NOT NULL,
    closed_at timestamptz NOT NULL
);
