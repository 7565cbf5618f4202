-- The organisations of procurement's registry (procurement.organisation.v1): API keys are issued to
-- registered organisations only (docs/security.md).
CREATE TABLE registered_organisations (
    organisation_id text PRIMARY KEY,
    registered_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
