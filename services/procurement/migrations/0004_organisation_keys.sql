-- Organisations read their own lots and catalogue entries with their API key (integration API, /v1):
-- the projection of attendance.credential.v1 that every service facing organisations keeps.
CREATE TABLE IF NOT EXISTS organisation_keys (
    key_id text PRIMARY KEY,
    organisation_id text NOT NULL,
    key_sha256 text NOT NULL,
    revoked boolean NOT NULL DEFAULT false
);
