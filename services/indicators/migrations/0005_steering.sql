-- Steering the pact (issue 23): the pact's yearly targets and the 2017 baseline as reference data set
-- through the back-office API, and what the dropout analysis needs of a session (its length).

-- A session's length: planned days × hours per day (SessionScheduled carries both). NULL for a session
-- projected before this migration until its next revision, or a replay, brings them.
ALTER TABLE sessions ADD COLUMN planned_days int, ADD COLUMN hours_per_day numeric;

-- The pact's trajectory: paths (entries) and money per year. `pact_cents` is the State's money of the
-- pact, `own_budget_cents` the employment service's own budget spent beside it.
CREATE TABLE pact_targets (
    year int PRIMARY KEY,
    paths int NOT NULL CHECK (paths >= 0),
    pact_cents bigint NOT NULL CHECK (pact_cents >= 0),
    own_budget_cents bigint NOT NULL CHECK (own_budget_cents >= 0)
);

-- The whole programme's figures as the pact states them (they need not be the sum of the years: the
-- signed pact says 109,090 paths in all, its years add up to 109,089).
CREATE TABLE pact_totals (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    paths int NOT NULL,
    pact_cents bigint NOT NULL,
    set_by text,
    set_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Until steering loads its own, the pact as signed in April 2019 (DOMAIN.md; issue 23).
INSERT INTO pact_targets (year, paths, pact_cents, own_budget_cents) VALUES
    (2019, 23454, 13600000000, 4780000000),
    (2020, 26727, 16200000000, 4780000000),
    (2021, 29454, 17700000000, 4780000000),
    (2022, 29454, 17700000000, 4780000000);
INSERT INTO pact_totals (paths, pact_cents, set_by) VALUES (109090, 65200000000, 'pact of April 2019');

-- Entries of a reference year before the pact (2017), per scope (the programme, a territory, an axis):
-- the pact's paths are counted against them. Absent until steering loads them.
CREATE TABLE baselines (
    scope text PRIMARY KEY,
    year int NOT NULL,
    jobseeker_entries int NOT NULL CHECK (jobseeker_entries >= 0),
    below_bac_entries int NOT NULL CHECK (below_bac_entries >= 0)
);
