-- The continuity bonus (issue 22, docs/continuity-bonus.md): an Essentials order earns its lot's
-- continuity_bonus_cents once per person (the region's pseudonym, stays.person_key) who completed one of
-- its sessions and entered a certifying or professionalising session within 90 days. Orders keep their
-- lot's action type and bonus (OrderPlaced carries them), stays the person pseudonym of their newest revision.
ALTER TABLE orders
    ADD COLUMN action_type text,
    ADD COLUMN continuity_bonus_cents bigint NOT NULL DEFAULT 0;
ALTER TABLE stays ADD COLUMN person_key text;
CREATE INDEX stays_person_key ON stays (person_key) WHERE person_key IS NOT NULL;
