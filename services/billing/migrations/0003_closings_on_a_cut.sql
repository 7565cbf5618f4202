-- Consistent closings (BILLING.md version 2): a closing issues its invoices once both billing's facts
-- consumer holds the closing's cut (every producer's marker in) and improvement's evaluation is in.
ALTER TABLE closings ADD COLUMN cut_aligned_at timestamptz;
ALTER TABLE closings ADD COLUMN evaluated_at timestamptz;
