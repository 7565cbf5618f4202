-- Early dropout warnings (issue 22): one row per warning of a stay, open while cleared_on and
-- closed_on are NULL. raised_on / cleared_on are the trainee's newest recorded day when it changed;
-- closed_on is the exit that ended it and outcome that exit's status (the warning's precision).
CREATE TABLE dropout_warnings (
    warning_id bigserial PRIMARY KEY,
    session_id text NOT NULL,
    trainee_key text NOT NULL,
    lot_id text NOT NULL,
    organisation_id text NOT NULL,
    reasons text[] NOT NULL,
    raised_on date NOT NULL,
    cleared_on date,
    closed_on date,
    outcome text CHECK (outcome IN ('completed', 'dropped_out'))
);
CREATE UNIQUE INDEX dropout_warnings_open ON dropout_warnings (session_id, trainee_key)
    WHERE cleared_on IS NULL AND closed_on IS NULL;
CREATE INDEX dropout_warnings_lot ON dropout_warnings (lot_id, organisation_id);
