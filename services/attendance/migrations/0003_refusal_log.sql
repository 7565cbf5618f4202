-- The refusal log of the integration API: every record an organisation sent that was refused, with
-- its reason and time, kept 13 months (`adapters/refusals.py::purge`). No personal data: the detail
-- never quotes a trainee id (domain/checks.py), and the trainee is not recorded at all; the caller
-- finds its record by session, command, date, position in its request and its own correlation id.
CREATE TABLE refusals (
    refusal_id bigserial PRIMARY KEY,
    organisation_id text NOT NULL,
    refused_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    command text NOT NULL,
    channel text NOT NULL CHECK (channel IN ('record', 'batch', 'sheet')),
    session_id text,
    business_date date,
    -- The record's index in a batch (from 0) or its line in a sheet (the header is line 1).
    position int,
    reason text NOT NULL,
    detail text NOT NULL,
    correlation_id text
);
CREATE INDEX refusals_organisation ON refusals (organisation_id, refusal_id);
CREATE INDEX refusals_age ON refusals (refused_at);
