-- Re-recording an outcome or a satisfaction score replaces the earlier value (docs/decisions.md):
-- "as of D" counts the newest revision when its own date is on or before D, and never brings back
-- an older revision. The revisions stay kept as the history of what was declared.
COMMENT ON TABLE outcome_revisions IS
    'Every revision declared; the newest per key is the outcome, counted as of D when observed_on <= D.';
COMMENT ON TABLE satisfaction_revisions IS
    'Every revision declared; the newest per key is the score, counted as of D when recorded_on <= D.';
