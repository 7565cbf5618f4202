-- Procurement: tenders, lots, awards, organisations, orders (budget), sessions, reference counts.
-- Runs with search_path = procurement; platform tables (outbox, inbox, audit_log...) already exist.

CREATE TABLE organisations (
    organisation_id text PRIMARY KEY,
    name text NOT NULL,
    siret text CHECK (siret ~ '^[0-9]{14}$'),
    registered_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE tenders (
    tender_id text PRIMARY KEY,
    reference text NOT NULL,
    title text NOT NULL,
    axis text NOT NULL CHECK (axis IN ('qualifying', 'essentials', 'transverse')),
    procedure text NOT NULL CHECK (procedure IN ('open', 'quote')),
    budget_cents bigint NOT NULL CHECK (budget_cents >= 0),
    -- Kept beside the budget so the rule reads one row locked FOR UPDATE, not a sum over orders.
    committed_cents bigint NOT NULL DEFAULT 0,
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    status text NOT NULL CHECK (status IN ('draft', 'published', 'closed')),
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT tender_within_budget CHECK (committed_cents <= budget_cents)
);

CREATE TABLE lots (
    lot_id text PRIMARY KEY,
    tender_id text NOT NULL REFERENCES tenders,
    number int NOT NULL,
    title text NOT NULL,
    territory text NOT NULL,
    domain text NOT NULL,
    action_type text NOT NULL,
    billing_unit text NOT NULL,
    unit_price_cents bigint NOT NULL CHECK (unit_price_cents >= 0),
    session_capacity int NOT NULL CHECK (session_capacity > 0),
    return_to_work_bonus_cents bigint NOT NULL CHECK (return_to_work_bonus_cents >= 0),
    additional_modules text[] NOT NULL DEFAULT '{}',
    status text NOT NULL CHECK (status IN ('open', 'awarded', 'unsuccessful')),
    holder_id text,
    holder_name text,
    members text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    decided_at timestamptz
);
CREATE INDEX lots_tender ON lots (tender_id, lot_id);

CREATE TABLE orders (
    order_id text PRIMARY KEY,
    lot_id text NOT NULL REFERENCES lots,
    tender_id text NOT NULL REFERENCES tenders,
    holder_id text NOT NULL,
    amount_cents bigint NOT NULL CHECK (amount_cents > 0),
    status text NOT NULL CHECK (status IN ('placed', 'closed')),
    placed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX orders_lot ON orders (lot_id, order_id);
CREATE INDEX orders_tender ON orders (tender_id, order_id);

CREATE TABLE sessions (
    session_id text PRIMARY KEY,
    order_id text NOT NULL REFERENCES orders,
    lot_id text NOT NULL REFERENCES lots,
    holder_id text NOT NULL,
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    planned_days date[] NOT NULL,
    hours_per_day numeric(5, 2) NOT NULL,
    capacity int NOT NULL CHECK (capacity > 0),
    place text NOT NULL,
    cancelled boolean NOT NULL DEFAULT false,
    -- Grows with each reschedule; consumers keep the highest whatever the delivery order.
    revision int NOT NULL DEFAULT 1,
    scheduled_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK (starts_on <= ends_on)
);
CREATE INDEX sessions_order ON sessions (order_id, session_id);
CREATE INDEX sessions_lot ON sessions (lot_id, session_id);
-- The catalogue scans upcoming, non-cancelled sessions by start date.
CREATE INDEX sessions_catalogue ON sessions (starts_on, session_id) WHERE NOT cancelled;

-- Enrolments seen on attendance.session.v1, only to refuse cancelling a session someone entered.
-- trainee_key is attendance's keyed pseudonym, never a person's identifier.
CREATE TABLE session_enrolments (
    session_id text NOT NULL,
    trainee_key text NOT NULL,
    first_seen_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (session_id, trainee_key)
);

CREATE TABLE jobseeker_counts (
    territory text PRIMARY KEY,
    count bigint NOT NULL CHECK (count >= 0),
    revision int NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- The audit trail is append-only: history is evidence, so nothing may rewrite or erase it.
CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);
