-- Order closing (BILLING.md version 2): billing lowers a closed order's amount to what it earned,
-- possibly 0, and procurement keeps the amount it was placed with.
ALTER TABLE orders DROP CONSTRAINT orders_amount_cents_check;
ALTER TABLE orders ADD CONSTRAINT orders_amount_cents_check CHECK (amount_cents >= 0);
ALTER TABLE orders ADD COLUMN amount_before_closing_cents bigint;
ALTER TABLE orders ADD COLUMN closed_at timestamptz;
