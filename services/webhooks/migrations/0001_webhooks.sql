-- Webhooks: organisations' endpoints, the notifications events give rise to, and their deliveries
-- (an outbox of deliveries: a worker sends them, retries them for 24 h and records each attempt).

CREATE TABLE IF NOT EXISTS organisation_keys (
    key_id text PRIMARY KEY,
    organisation_id text NOT NULL,
    key_sha256 text NOT NULL,
    revoked boolean NOT NULL DEFAULT false
);

CREATE TABLE endpoints (
    endpoint_id text PRIMARY KEY,
    organisation_id text NOT NULL,
    url text NOT NULL,
    description text,
    event_types text[] NOT NULL,
    -- AES-256-GCM of the signing secret (version byte, nonce, ciphertext + tag), bound to endpoint_id.
    secret_ciphertext bytea NOT NULL,
    status text NOT NULL CHECK (status IN ('active', 'disabled')),
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX endpoints_organisation ON endpoints (organisation_id, endpoint_id);

-- Who an event is for: the holder of an order, the organisation of a plan (projections of
-- procurement.order.v1 and improvement.plan.v1).
CREATE TABLE order_holders (
    order_id text PRIMARY KEY,
    organisation_id text NOT NULL
);
CREATE TABLE plan_holders (
    plan_id text PRIMARY KEY,
    organisation_id text NOT NULL
);

-- One per (source event, webhook type): what organisations receive. `organisation_id` is null while
-- the event waits for the projection that says whose it is (an invoice before its order arrived).
CREATE TABLE notifications (
    notification_id uuid PRIMARY KEY,
    event_type text NOT NULL,
    subject_kind text NOT NULL CHECK (subject_kind IN ('order', 'plan', 'organisation')),
    subject_id text NOT NULL,
    organisation_id text,
    occurred_at timestamptz NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX notifications_waiting ON notifications (subject_kind, subject_id) WHERE organisation_id IS NULL;

CREATE TABLE deliveries (
    delivery_id uuid PRIMARY KEY,
    notification_id uuid NOT NULL REFERENCES notifications,
    endpoint_id text NOT NULL REFERENCES endpoints,
    organisation_id text NOT NULL,
    event_type text NOT NULL,
    status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    -- A worker sending it holds it until then: a worker killed mid-attempt leaves it to the next.
    lease_until timestamptz,
    -- Retries stop `retry_horizon_s` after this: the creation, or the last replay.
    retry_from timestamptz NOT NULL,
    last_attempt_at timestamptz,
    last_status_code int,
    last_error text,
    delivered_at timestamptz,
    replays int NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (notification_id, endpoint_id)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_organisation ON deliveries (organisation_id, created_at, delivery_id);

-- Every attempt: when, how long, the receiver's status or our error (never the receiver's body).
CREATE TABLE delivery_attempts (
    delivery_id uuid NOT NULL REFERENCES deliveries,
    attempt int NOT NULL,
    attempted_at timestamptz NOT NULL,
    duration_ms int NOT NULL,
    status_code int,
    error text,
    PRIMARY KEY (delivery_id, attempt)
);
