-- Early dropout warnings become events (attendance.warning.v1, issue 22): each warning gets a random,
-- public id that its events and the organisation's reads carry. Random rather than the serial
-- warning_id, which would tell an organisation how many warnings the whole region has.
ALTER TABLE dropout_warnings ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX dropout_warnings_public_id ON dropout_warnings (public_id);
