-- The region-wide person pseudonym (issue 22, docs/privacy.md): a job seeker's person_ref (the
-- identifiant France Travail an organisation sends in the enrolment profile) is never stored.
-- lookup = HMAC-SHA256(person pseudonym secret of key_version, person_ref) finds a random
-- pseudonym; deleting the row (pacte persons forget) is the person's erasure.
CREATE TABLE person_pseudonyms (
    key_version int NOT NULL,
    lookup text NOT NULL,
    pseudonym text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (key_version, lookup)
);

-- The stay's regional person pseudonym, published beside trainee_key in the stay's events.
ALTER TABLE stays ADD COLUMN person_key text;
