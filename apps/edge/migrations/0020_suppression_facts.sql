-- Every consent fact that holds for a suppressed recipient (its contact keeps each on its own: a
-- stop, a Viber block, a marketing opt-out), strongest first, as JSON:
-- `[{"state":"opted_out","by":"user","reason":"STOP","at":1764900000000}, …]`. NULL for a row
-- written before: its one state is its one fact.
ALTER TABLE suppressions ADD COLUMN facts TEXT;
