-- The gateway's own refusals of signed requests, per client key, minute and problem code
-- (src/objects/admission/refusals.ts counts them; the console's live view reads them). A key's
-- admission object owns its rows and writes each count whole, so a repeated write changes nothing.
CREATE TABLE refusal_counts (
  key_id TEXT NOT NULL,
  -- The minute, as Unix ms divided by 60,000.
  minute INTEGER NOT NULL,
  code TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (key_id, minute, code)
) WITHOUT ROWID;
CREATE INDEX refusal_counts_minute ON refusal_counts (minute);
