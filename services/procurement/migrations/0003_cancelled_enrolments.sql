-- A cancelled enrolment (rules version 2) never existed: the pair keeps the stay's newest revision
-- seen and whether that revision is a cancellation, so any delivery order converges.
ALTER TABLE session_enrolments ADD COLUMN revision int NOT NULL DEFAULT 0;
ALTER TABLE session_enrolments ADD COLUMN cancelled boolean NOT NULL DEFAULT false;
