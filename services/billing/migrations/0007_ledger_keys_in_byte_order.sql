-- The ledger's business keys compare byte for byte (COLLATE "C"): every session-scoped key starts with
-- its session id and '|', so a session's facts of one type are a range of the unique index on
-- (fact_type, business_key, revision), which makes the (session, type, date) index a third write per
-- fact that nothing needs (bench/analysis.md). Equality is the same in every deterministic collation:
-- no key becomes equal to another. The unique index is rebuilt in the new order; the rows stay.
ALTER TABLE facts ALTER COLUMN business_key TYPE text COLLATE "C";
DROP INDEX facts_by_session;
