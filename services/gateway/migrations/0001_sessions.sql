-- The web application's own data: server-side sessions, sign-in failures (throttling) and its audit
-- trail (sign-ins, refusals, sign-outs, revocations). Sessions are keyed by an HMAC of the cookie's
-- random id (pacte_gateway.session), never by the id itself.
CREATE TABLE sessions (
    key text PRIMARY KEY,
    username text NOT NULL,
    roles text[] NOT NULL,
    csrf text NOT NULL,
    credential text NOT NULL,
    created_at timestamptz NOT NULL,
    last_seen timestamptz NOT NULL
);
CREATE INDEX sessions_username_idx ON sessions (username);
CREATE INDEX sessions_created_idx ON sessions (created_at);

CREATE TABLE login_failures (
    id bigserial PRIMARY KEY,
    username text NOT NULL,
    address text NOT NULL,
    at timestamptz NOT NULL
);
CREATE INDEX login_failures_username_idx ON login_failures (username, at);
CREATE INDEX login_failures_address_idx ON login_failures (address, at);

-- The platform's audit trail shape (pacte_platform.audit.audit writes it).
CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor text NOT NULL,
    role text NOT NULL,
    action text NOT NULL,
    entity text NOT NULL,
    entity_id text NOT NULL,
    before jsonb,
    after jsonb,
    correlation_id text
);
CREATE INDEX audit_log_action_idx ON audit_log (action, at);
