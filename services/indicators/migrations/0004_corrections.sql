-- Rules version 2 (INDICATORS.md, BILLING.md): only counting invoices count, a closed order commits
-- its lowered amount, a cancelled enrolment never existed. Each correction is kept apart from what it
-- corrects, so that it is not lost when it is delivered first; the queries apply it when they read.

-- A disputed invoice version no longer counts (its re-issue, version n+1, does).
CREATE TABLE invoice_disputes (
    invoice_id text NOT NULL,
    version int NOT NULL,
    order_id text NOT NULL,
    period text NOT NULL,
    PRIMARY KEY (invoice_id, version)
);
COMMENT ON TABLE invoices IS
    'Every version issued; a version counts unless disputed (invoice_disputes) or replaced by a later one.';
CREATE INDEX invoices_order_period_idx ON invoices (order_id, period, version);

-- An order closed by the buyer commits what billing lowered its amount to.
CREATE TABLE order_closings (
    order_id text PRIMARY KEY,
    amount_cents bigint NOT NULL
);

-- The newest cancellation of each (session, trainee): every stay event (the stay, its suspensions)
-- of a lower stay revision belongs to an enrolment that never existed; a later enrolment is above it.
CREATE TABLE enrolment_cancellations (
    session_id text NOT NULL,
    trainee_key text NOT NULL,
    stay_revision int NOT NULL,
    PRIMARY KEY (session_id, trainee_key)
);

-- A cancelled stay's score and outcomes come back as revisions without a value (tombstones): the
-- newest revision of a key is still its value, and a withdrawn one has none.
ALTER TABLE satisfaction_revisions ALTER COLUMN recorded_on DROP NOT NULL, ALTER COLUMN score DROP NOT NULL;
ALTER TABLE outcome_revisions ALTER COLUMN observed_on DROP NOT NULL, ALTER COLUMN status DROP NOT NULL;
COMMENT ON COLUMN satisfaction_revisions.score IS 'NULL: withdrawn with its cancelled enrolment.';
COMMENT ON COLUMN outcome_revisions.status IS 'NULL: withdrawn with its cancelled enrolment.';
