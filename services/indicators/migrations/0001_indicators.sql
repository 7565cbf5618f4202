-- Facts projection of the indicators service. Every table is keyed by its business key and
-- written idempotently (highest revision / sequence wins), so delivery order and duplicates do
-- not matter. Nothing is attributed to scopes at write time: facts join their session or order
-- at query time, whichever arrived first.

CREATE TABLE tenders (
    tender_id text PRIMARY KEY,
    axis text,
    procedure text,
    budget_cents bigint,
    starts_on date,
    ends_on date,
    closed boolean NOT NULL DEFAULT false
);

CREATE TABLE lots (
    lot_id text PRIMARY KEY,
    tender_id text NOT NULL,
    axis text,
    territory text,
    domain text,
    action_type text,
    session_capacity int,
    holder_organisation_id text,
    status text NOT NULL DEFAULT 'open'
);

-- Orders carry the lot's terms (event-carried state): scopes need no join with lots.
CREATE TABLE orders (
    order_id text PRIMARY KEY,
    lot_id text NOT NULL,
    tender_id text NOT NULL,
    axis text NOT NULL,
    territory text NOT NULL,
    domain text NOT NULL,
    action_type text NOT NULL,
    holder_organisation_id text NOT NULL,
    amount_cents bigint NOT NULL
);

CREATE TABLE sessions (
    session_id text PRIMARY KEY,
    order_id text NOT NULL,
    lot_id text NOT NULL,
    tender_id text NOT NULL,
    axis text NOT NULL,
    territory text NOT NULL,
    domain text NOT NULL,
    action_type text NOT NULL,
    holder_organisation_id text NOT NULL,
    starts_on date NOT NULL,
    capacity int NOT NULL,
    revision int NOT NULL
);

-- Apart from sessions so that a cancellation delivered before its schedule is not lost.
CREATE TABLE session_cancellations (
    session_id text PRIMARY KEY,
    order_id text NOT NULL,
    lot_id text NOT NULL
);

CREATE TABLE jobseeker_counts (
    territory text PRIMARY KEY,
    count int NOT NULL,
    revision int NOT NULL
);

-- One row per (session, trainee pseudonym): the stay as of its highest revision.
CREATE TABLE stays (
    session_id text NOT NULL,
    trainee_key text NOT NULL,
    revision int NOT NULL,
    status text NOT NULL,
    enrolled_on date NOT NULL,
    qualification text,
    jobseeker_registered boolean NOT NULL,
    priority_publics text[] NOT NULL DEFAULT '{}',
    exited_on date,
    certification text,
    dropout_reason text,
    PRIMARY KEY (session_id, trainee_key)
);

CREATE TABLE suspensions (
    session_id text NOT NULL,
    trainee_key text NOT NULL,
    suspension_number int NOT NULL,
    started_on date NOT NULL,
    stay_revision int NOT NULL,
    PRIMARY KEY (session_id, trainee_key, suspension_number)
);

-- Every revision is kept: "as of D" reads the newest revision whose business date is <= D.
CREATE TABLE outcome_revisions (
    session_id text NOT NULL,
    trainee_key text NOT NULL,
    months_after_exit int NOT NULL,
    revision int NOT NULL,
    observed_on date NOT NULL,
    status text NOT NULL,
    PRIMARY KEY (session_id, trainee_key, months_after_exit, revision)
);

CREATE TABLE satisfaction_revisions (
    session_id text NOT NULL,
    trainee_key text NOT NULL,
    revision int NOT NULL,
    recorded_on date NOT NULL,
    score int NOT NULL,
    PRIMARY KEY (session_id, trainee_key, revision)
);

-- An issued invoice never changes; its payable counts whatever its later status.
CREATE TABLE invoices (
    invoice_id text NOT NULL,
    version int NOT NULL,
    order_id text NOT NULL,
    period text NOT NULL,
    total_cents bigint NOT NULL,
    payable_cents bigint NOT NULL,
    opening_days_billed numeric NOT NULL,
    trainer_hours_billed numeric NOT NULL,
    trainee_hours_billed numeric NOT NULL,
    PRIMARY KEY (invoice_id, version)
);
CREATE INDEX invoices_order_idx ON invoices (order_id);

CREATE TABLE invoice_payments (
    invoice_id text NOT NULL,
    version int NOT NULL,
    order_id text NOT NULL,
    period text NOT NULL,
    paid_cents bigint NOT NULL,
    PRIMARY KEY (invoice_id, version)
);
CREATE INDEX invoice_payments_order_idx ON invoice_payments (order_id);

CREATE TABLE accruals (
    order_id text PRIMARY KEY,
    accrued_cents bigint NOT NULL,
    sequence bigint NOT NULL
);

-- Bumped once per consumed batch, so metric refreshers see committed changes only.
CREATE TABLE projection_state (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    facts_version bigint NOT NULL DEFAULT 0
);
INSERT INTO projection_state DEFAULT VALUES;

-- Every snapshot answered to a period closing, with the counts behind each reading, so that a
-- milestone decision can be explained later whatever facts arrived since.
CREATE TABLE snapshots (
    id bigserial PRIMARY KEY,
    period text NOT NULL,
    as_of date NOT NULL,
    taken_at timestamptz NOT NULL DEFAULT now(),
    scopes jsonb NOT NULL,
    explain jsonb NOT NULL
);
CREATE INDEX snapshots_period_idx ON snapshots (period, id DESC);

-- The scopes a session or an order belongs to, one row each.
CREATE VIEW session_scopes AS
SELECT s.session_id, v.scope_type,
       CASE WHEN v.scope_type = 'programme' THEN 'programme' ELSE v.scope_type || ':' || v.scope_id END AS scope
FROM sessions s
CROSS JOIN LATERAL (VALUES
    ('programme', 'programme'), ('axis', s.axis), ('tender', s.tender_id), ('lot', s.lot_id),
    ('organisation', s.holder_organisation_id), ('territory', s.territory), ('domain', s.domain)
) AS v (scope_type, scope_id);

CREATE VIEW order_scopes AS
SELECT o.order_id, v.scope_type,
       CASE WHEN v.scope_type = 'programme' THEN 'programme' ELSE v.scope_type || ':' || v.scope_id END AS scope
FROM orders o
CROSS JOIN LATERAL (VALUES
    ('programme', 'programme'), ('axis', o.axis), ('tender', o.tender_id), ('lot', o.lot_id),
    ('organisation', o.holder_organisation_id), ('territory', o.territory), ('domain', o.domain)
) AS v (scope_type, scope_id);
