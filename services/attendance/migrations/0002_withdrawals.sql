-- Rules version 2: open days withdrawn and enrolments cancelled by mistake.
-- A withdrawn declaration stays as a tombstone row (withdrawn, no value, its revision kept), so that
-- declaring the key again gets a higher revision and consumers keeping the highest one converge.

ALTER TABLE open_days ADD COLUMN withdrawn boolean NOT NULL DEFAULT false;

ALTER TABLE attendance_records
    ADD COLUMN withdrawn boolean NOT NULL DEFAULT false,
    ALTER COLUMN hours_present DROP NOT NULL,
    ADD CONSTRAINT attendance_tombstone CHECK (withdrawn = (hours_present IS NULL));

ALTER TABLE satisfaction_scores
    ADD COLUMN withdrawn boolean NOT NULL DEFAULT false,
    ALTER COLUMN day DROP NOT NULL,
    ALTER COLUMN score DROP NOT NULL,
    ADD CONSTRAINT satisfaction_tombstone CHECK (withdrawn = (score IS NULL) AND withdrawn = (day IS NULL));

ALTER TABLE outcomes
    ADD COLUMN withdrawn boolean NOT NULL DEFAULT false,
    ALTER COLUMN observed_on DROP NOT NULL,
    ALTER COLUMN status DROP NOT NULL,
    ADD CONSTRAINT outcome_tombstone CHECK (withdrawn = (status IS NULL) AND withdrawn = (observed_on IS NULL));

-- A cancelled enrolment keeps its row (revision, enrolment date) with nothing else: it counts for
-- no capacity, and a later enrolment of the trainee is a new stay with a higher revision.
ALTER TABLE stays DROP CONSTRAINT stays_status_check;
ALTER TABLE stays ADD CONSTRAINT stays_status_check
    CHECK (status IN ('enrolled', 'suspended', 'completed', 'dropped_out', 'cancelled'));

-- Periods whose closing has started (billing.period.v1): an enrolment of such a period, or of an
-- earlier one, can no longer be cancelled (docs/decisions.md).
CREATE TABLE period_closings (
    period text PRIMARY KEY,
    started_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
