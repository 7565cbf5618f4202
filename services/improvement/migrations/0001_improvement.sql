-- Schema "improvement": service-improvement plans, milestones, evaluations, dropout action plans.
-- Platform tables (outbox, inbox, audit_log, ...) are created by the platform.

-- Projection of attendance.credential.v1 (orgauth.CREDENTIALS_SQL): organisations authenticate with it.
CREATE TABLE IF NOT EXISTS organisation_keys (
    key_id text PRIMARY KEY,
    organisation_id text NOT NULL,
    key_sha256 text NOT NULL,
    revoked boolean NOT NULL DEFAULT false
);

-- Projections of procurement.lot.v1 / procurement.order.v1: what plan.create checks against.
CREATE TABLE lots (
    lot_id text PRIMARY KEY,
    holder_organisation_id text NOT NULL
);

CREATE TABLE orders (
    order_id text PRIMARY KEY,
    lot_id text NOT NULL,
    holder_organisation_id text NOT NULL
);
CREATE INDEX orders_lot_idx ON orders (lot_id);

CREATE TABLE plans (
    plan_id text PRIMARY KEY,
    organisation_id text NOT NULL,
    lot_id text NOT NULL,
    order_id text NOT NULL,
    diagnosis jsonb NOT NULL,
    facilitators jsonb NOT NULL DEFAULT '[]',
    -- 1 at creation, +1 per accepted amendment.
    version int NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (organisation_id, lot_id)
);

CREATE TABLE milestones (
    milestone_id text PRIMARY KEY,
    plan_id text NOT NULL REFERENCES plans (plan_id),
    position int NOT NULL,
    dimension text NOT NULL,
    description text NOT NULL,
    due_on date NOT NULL,
    bonus_cents bigint NOT NULL CHECK (bonus_cents >= 0),
    indicator text,
    scope text CHECK (scope IN ('lot', 'organisation')),
    comparator text CHECK (comparator IN ('<=', '>=')),
    threshold numeric,
    min_sample int CHECK (min_sample >= 0),
    status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'achieved', 'missed', 'waived')),
    decided_on date,
    -- evaluated (at a closing), validated or waived (by the buyer)
    decided_how text CHECK (decided_how IN ('evaluated', 'validated', 'waived')),
    decided_period text,
    decided_by text,
    CHECK ((indicator IS NULL) = (comparator IS NULL)),
    CHECK ((status = 'planned') = (decided_on IS NULL))
);
CREATE INDEX milestones_plan_idx ON milestones (plan_id, position);
-- The closing's candidates: planned milestones with a target.
CREATE INDEX milestones_evaluable_idx ON milestones (milestone_id) WHERE status = 'planned' AND indicator IS NOT NULL;

CREATE TABLE amendments (
    plan_id text NOT NULL REFERENCES plans (plan_id),
    number int NOT NULL CHECK (number >= 1),
    status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'rejected')),
    reason text NOT NULL DEFAULT '',
    changes jsonb NOT NULL,
    proposed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    decided_at timestamptz,
    decided_by text,
    decision_comment text,
    -- plan version the acceptance produced
    resulting_version int,
    PRIMARY KEY (plan_id, number)
);

-- Latest indicator snapshot per period (indicators.snapshot.v1); progress and dropout profiles read it.
CREATE TABLE snapshots (
    period text PRIMARY KEY,
    as_of date NOT NULL,
    scopes jsonb NOT NULL,
    occurred_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX snapshots_as_of_idx ON snapshots (as_of);

-- Decisions of each period closing: final, and sent again if the same period's snapshot comes back.
CREATE TABLE period_evaluations (
    period text PRIMARY KEY,
    as_of date NOT NULL,
    achievements jsonb NOT NULL,
    missed jsonb NOT NULL,
    evaluated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE dropout_actions (
    action_id text PRIMARY KEY,
    plan_id text NOT NULL REFERENCES plans (plan_id),
    year int NOT NULL,
    reason_addressed text NOT NULL,
    description text NOT NULL,
    owner_role text NOT NULL,
    due_on date NOT NULL,
    status text NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX dropout_actions_plan_idx ON dropout_actions (plan_id, year);
CREATE INDEX dropout_actions_year_idx ON dropout_actions (year);

-- Status changes of actions, so the committee follows them year over year.
CREATE TABLE dropout_action_history (
    id bigserial PRIMARY KEY,
    action_id text NOT NULL REFERENCES dropout_actions (action_id),
    status text NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX dropout_action_history_idx ON dropout_action_history (action_id, id);
