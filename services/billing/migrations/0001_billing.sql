-- Billing: billable-facts ledger, current state per business key, period closings, invoices, accrual.
-- Money is bigint cents, quantities numeric: nothing on the money path is a float.

-- Lot terms as carried by OrderPlaced (event-carried state: no join with procurement).
CREATE TABLE orders (
    order_id text PRIMARY KEY,
    lot_id text NOT NULL,
    tender_id text NOT NULL,
    axis text NOT NULL,
    billing_unit text NOT NULL,
    unit_price_cents bigint NOT NULL,
    return_to_work_bonus_cents bigint NOT NULL,
    holder_organisation_id text NOT NULL,
    amount_cents bigint NOT NULL
);
CREATE INDEX orders_by_holder ON orders (holder_organisation_id);

-- Session → order, the newest schedule revision wins.
CREATE TABLE sessions (
    session_id text PRIMARY KEY,
    order_id text NOT NULL,
    revision int NOT NULL,
    cancelled boolean NOT NULL DEFAULT false
);
CREATE INDEX sessions_by_order ON sessions (order_id);

-- The ledger: one row per version of a billable fact, never updated nor deleted, so every
-- invoice line can be traced to the events behind it. Facts are stored by session because
-- they may arrive before the session or order they belong to.
CREATE TABLE facts (
    fact_id bigserial PRIMARY KEY,
    event_id uuid NOT NULL,
    fact_type text NOT NULL CHECK (fact_type IN ('attendance', 'trainer_hours', 'open_day', 'stay', 'outcome',
                                                 'milestone')),
    business_key text NOT NULL,
    revision int NOT NULL,
    session_id text,
    order_id text,
    subject text,
    business_date date NOT NULL,
    quantity numeric,
    detail jsonb,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (fact_type, business_key, revision)
);
CREATE INDEX facts_by_session ON facts (session_id, fact_type, business_date) WHERE session_id IS NOT NULL;
CREATE INDEX facts_by_order ON facts (order_id) WHERE order_id IS NOT NULL;

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER facts_append_only BEFORE UPDATE OR DELETE ON facts
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Current version of each business key (highest revision), pointing at its ledger row.
CREATE TABLE attendance (
    session_id text NOT NULL,
    trainee_key text NOT NULL,
    day date NOT NULL,
    revision int NOT NULL,
    hours numeric NOT NULL,
    fact_id bigint NOT NULL,
    PRIMARY KEY (session_id, trainee_key, day)
);
CREATE TABLE trainer_hours (
    session_id text NOT NULL,
    trainer_id text NOT NULL,
    day date NOT NULL,
    revision int NOT NULL,
    hours numeric NOT NULL,
    fact_id bigint NOT NULL,
    PRIMARY KEY (session_id, trainer_id, day)
);
CREATE TABLE open_days (
    session_id text NOT NULL,
    day date NOT NULL,
    revision int NOT NULL,
    fact_id bigint NOT NULL,
    PRIMARY KEY (session_id, day)
);
CREATE TABLE stays (
    session_id text NOT NULL,
    trainee_key text NOT NULL,
    revision int NOT NULL,
    enrolled_on date NOT NULL,
    status text NOT NULL,
    exited_on date,
    fact_id bigint NOT NULL,
    PRIMARY KEY (session_id, trainee_key)
);
CREATE TABLE outcomes (
    session_id text NOT NULL,
    trainee_key text NOT NULL,
    months_after_exit int NOT NULL,
    revision int NOT NULL,
    observed_on date NOT NULL,
    status text NOT NULL,
    fact_id bigint NOT NULL,
    PRIMARY KEY (session_id, trainee_key, months_after_exit)
);
-- First achievement of a milestone wins: evaluation and validation may both announce it.
CREATE TABLE milestone_bonuses (
    milestone_id text PRIMARY KEY,
    plan_id text NOT NULL,
    order_id text NOT NULL,
    bonus_cents bigint NOT NULL,
    achieved_on date NOT NULL,
    fact_id bigint NOT NULL
);
CREATE INDEX milestone_bonuses_by_order ON milestone_bonuses (order_id);

-- Hour quantities summed per (session, kind, origin period), maintained by deltas per batch so
-- closing reads a few thousand rows instead of scanning every attendance record.
CREATE TABLE hour_totals (
    session_id text NOT NULL,
    kind text NOT NULL,
    origin_period text NOT NULL,
    quantity numeric NOT NULL,
    PRIMARY KEY (session_id, kind, origin_period)
);

CREATE TABLE closings (
    period text PRIMARY KEY,
    status text NOT NULL CHECK (status IN ('awaiting_milestone_evaluation', 'closed')),
    as_of date NOT NULL,
    requested_by text,
    started_at timestamptz,
    closed_at timestamptz,
    invoices_issued int
);

CREATE TABLE invoices (
    invoice_id text PRIMARY KEY,
    order_id text NOT NULL,
    period text NOT NULL,
    version int NOT NULL,
    status text NOT NULL CHECK (status IN ('issued', 'approved', 'paid', 'disputed')),
    total_cents bigint NOT NULL,
    payable_cents bigint NOT NULL,
    over_ceiling_cents bigint NOT NULL,
    -- Highest ledger row known when issued (NULL when rebuilt from events): the facts behind a line.
    fact_watermark bigint,
    dispute_reason text,
    issued_at timestamptz NOT NULL DEFAULT now(),
    status_changed_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (order_id, period, version)
);

CREATE TABLE invoice_lines (
    invoice_id text NOT NULL REFERENCES invoices (invoice_id),
    n int NOT NULL,
    kind text NOT NULL,
    origin_period text NOT NULL,
    ref text,
    quantity numeric NOT NULL,
    unit_price_cents bigint NOT NULL,
    amount_cents bigint NOT NULL,
    PRIMARY KEY (invoice_id, n)
);

-- An issued invoice is immutable: only its status (and dispute reason) may move.
CREATE FUNCTION refuse_invoice_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (NEW.order_id, NEW.period, NEW.version, NEW.total_cents, NEW.payable_cents,
                            NEW.over_ceiling_cents, NEW.fact_watermark, NEW.issued_at)
        IS DISTINCT FROM (OLD.order_id, OLD.period, OLD.version, OLD.total_cents, OLD.payable_cents,
                          OLD.over_ceiling_cents, OLD.fact_watermark, OLD.issued_at) THEN
        RAISE EXCEPTION 'issued invoices are immutable';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER invoices_immutable BEFORE UPDATE OR DELETE ON invoices
    FOR EACH ROW EXECUTE FUNCTION refuse_invoice_change();
CREATE TRIGGER invoice_lines_immutable BEFORE UPDATE OR DELETE ON invoice_lines
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE accruals (
    order_id text PRIMARY KEY,
    accrued_cents bigint NOT NULL,
    sequence bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS organisation_keys (
    key_id text PRIMARY KEY,
    organisation_id text NOT NULL,
    key_sha256 text NOT NULL,
    revoked boolean NOT NULL DEFAULT false
);
