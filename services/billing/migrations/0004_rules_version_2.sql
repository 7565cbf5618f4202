-- Rules version 2 (BILLING.md): order closings, withdrawn open days, cancelled stays, re-issued
-- invoices, and a closing's evaluation applied after its re-issues.

-- An order closed by the buyer: its lowered amount is its ceiling from then on. Apart from `orders`
-- because billing's own OrderClosed may be replayed before the OrderPlaced it closes (a rebuild).
CREATE TABLE order_closings (
    order_id text PRIMARY KEY,
    previous_amount_cents bigint NOT NULL,
    amount_cents bigint NOT NULL,
    released_cents bigint NOT NULL,
    closed_by text,
    closed_at timestamptz NOT NULL DEFAULT now()
);

-- A withdrawn open day is a revision of its (session, date) key saying "not open": a tombstone, so an
-- older declaration delivered late cannot bring the day back. A cancelled stay is a stay revision with
-- the status 'cancelled' (the stays table takes any status), and withdrawn attendance records and
-- outcomes are revisions of their keys with no hours and no status.
ALTER TABLE open_days ADD COLUMN open boolean NOT NULL DEFAULT true;

-- Version n+1 replacing a disputed version n.
ALTER TABLE invoices ADD COLUMN reissued boolean NOT NULL DEFAULT false;

-- The achievements of a closing's evaluation wait here until its invoices are issued: re-issues of
-- disputed invoices come first, then the achievements, then the period's own invoices.
ALTER TABLE closings ADD COLUMN achievements jsonb;

CREATE OR REPLACE FUNCTION refuse_invoice_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (NEW.order_id, NEW.period, NEW.version, NEW.total_cents, NEW.payable_cents,
                            NEW.over_ceiling_cents, NEW.fact_watermark, NEW.issued_at, NEW.reissued)
        IS DISTINCT FROM (OLD.order_id, OLD.period, OLD.version, OLD.total_cents, OLD.payable_cents,
                          OLD.over_ceiling_cents, OLD.fact_watermark, OLD.issued_at, OLD.reissued) THEN
        RAISE EXCEPTION 'issued invoices are immutable';
    END IF;
    RETURN NEW;
END $$;

-- A withdrawn outcome (of a cancelled enrolment) is a revision with no observation.
ALTER TABLE outcomes ALTER COLUMN observed_on DROP NOT NULL, ALTER COLUMN status DROP NOT NULL;
