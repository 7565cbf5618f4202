-- The current version of an hour fact is read from the ledger's own unique index (fact type,
-- business key, revision): these copies of it only cost a second write per fact.
DROP TABLE attendance;
DROP TABLE trainer_hours;
