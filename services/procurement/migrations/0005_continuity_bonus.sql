-- The continuity bonus (issue 22): what a lot pays its order once per person who completed one of its
-- Essentials sessions and entered a certifying or professionalising session within 90 days.
ALTER TABLE lots ADD COLUMN continuity_bonus_cents bigint NOT NULL DEFAULT 0;
