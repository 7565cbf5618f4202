-- Pathways (issue 22): the region's person pseudonym of each stay (stay.person_key in attendance's
-- trainee events), NULL when the enrolment gave no person_ref. Only read to link a person's steps.
ALTER TABLE stays ADD COLUMN person_key text;
CREATE INDEX stays_person_key ON stays (person_key) WHERE person_key IS NOT NULL;
