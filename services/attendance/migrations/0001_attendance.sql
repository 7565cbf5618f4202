-- Schema "attendance" (search_path is set by the migration runner).
-- Trainees appear only as pseudonyms (trainee_key); the link to an organisation's own trainee id
-- lives in trainee_pseudonyms alone, so deleting a row there forgets the person.

-- Sessions as procurement announces them. A row may exist only as a cancellation tombstone
-- (holder_org_id NULL) when SessionCancelled overtakes SessionScheduled.
CREATE TABLE sessions (
    session_id text PRIMARY KEY,
    order_id text,
    lot_id text,
    holder_org_id text,
    starts_on date,
    ends_on date,
    planned_days date[],
    hours_per_day numeric,
    capacity int,
    revision int NOT NULL DEFAULT 0,
    cancelled boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX sessions_holder ON sessions (holder_org_id);

-- Projection of attendance.credential.v1 (orgauth.CREDENTIALS_SQL); attendance also writes it
-- directly when it issues or revokes a key, so a new key works at once.
CREATE TABLE IF NOT EXISTS organisation_keys (
    key_id text PRIMARY KEY,
    organisation_id text NOT NULL,
    key_sha256 text NOT NULL,
    revoked boolean NOT NULL DEFAULT false
);

-- Lifecycle of the keys this service issued (never the secret, never its hash).
CREATE TABLE credentials (
    key_id text PRIMARY KEY,
    organisation_id text NOT NULL,
    issued_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    revoked_at timestamptz,
    replaced_by text
);
CREATE INDEX credentials_organisation ON credentials (organisation_id);

-- lookup = HMAC-SHA256(pseudonym secret of key_version, organisation id || trainee id).
CREATE TABLE trainee_pseudonyms (
    key_version int NOT NULL,
    lookup text NOT NULL,
    organisation_id text NOT NULL,
    pseudonym text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (key_version, lookup)
);

CREATE TABLE stays (
    session_id text NOT NULL,
    trainee_key text NOT NULL,
    enrolled_on date NOT NULL,
    status text NOT NULL CHECK (status IN ('enrolled', 'suspended', 'completed', 'dropped_out')),
    exited_on date,
    suspended_on date,
    suspensions int NOT NULL DEFAULT 0,
    certification text,
    dropout_reason text,
    profile jsonb NOT NULL,
    revision int NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (session_id, trainee_key)
);

CREATE TABLE suspensions (
    session_id text NOT NULL,
    trainee_key text NOT NULL,
    number int NOT NULL,
    suspended_on date NOT NULL,
    reason text NOT NULL,
    suspension_attestation_ref text,
    resumed_on date,
    resumption_attestation_ref text,
    PRIMARY KEY (session_id, trainee_key, number)
);

CREATE TABLE open_days (
    session_id text NOT NULL,
    day date NOT NULL,
    revision int NOT NULL,
    declared_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (session_id, day)
);

CREATE TABLE trainer_hours (
    session_id text NOT NULL,
    trainer_id text NOT NULL,
    day date NOT NULL,
    -- The session holder: the daily cap counts every session of one organisation.
    organisation_id text NOT NULL,
    hours numeric NOT NULL CHECK (hours >= 0),
    revision int NOT NULL,
    declared_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (session_id, trainer_id, day)
);
CREATE INDEX trainer_hours_daily_cap ON trainer_hours (organisation_id, trainer_id, day);

CREATE TABLE attendance_records (
    session_id text NOT NULL,
    trainee_key text NOT NULL,
    day date NOT NULL,
    hours_present numeric NOT NULL CHECK (hours_present >= 0),
    absence text CHECK (absence IN ('justified', 'unjustified')),
    revision int NOT NULL,
    declared_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (session_id, trainee_key, day)
);

CREATE TABLE satisfaction_scores (
    session_id text NOT NULL,
    trainee_key text NOT NULL,
    day date NOT NULL,
    score int NOT NULL CHECK (score BETWEEN 1 AND 5),
    revision int NOT NULL,
    declared_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (session_id, trainee_key)
);

CREATE TABLE outcomes (
    session_id text NOT NULL,
    trainee_key text NOT NULL,
    months_after_exit int NOT NULL CHECK (months_after_exit IN (6, 12)),
    observed_on date NOT NULL,
    status text NOT NULL,
    revision int NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (session_id, trainee_key, months_after_exit)
);
