-- Callbacks the gateway gave up on (src/db/dropped-callbacks.ts): every attempt of the retry
-- schedule failed (src/callbacks/schedule.ts), or the callbacks queue dead-lettered it. Ids,
-- counts and error classes only: never the callback's secret nor its body. One row per callback
-- and key: a copy dropped again updates it.
CREATE TABLE dropped_callbacks (
  key_id TEXT NOT NULL,
  webhook_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  -- The message the event is about (NULL: an inbound message).
  message_id TEXT,
  -- Posts made; NULL when the dead-letter queue gave it up (the queue does not say).
  attempts INTEGER,
  -- The last attempt's class: `refused` (an HTTP status), an error's name (`TimeoutError`,
  -- `TypeError`), or `dead_letter`.
  last_error TEXT NOT NULL,
  -- The client's last HTTP status; NULL: no answer.
  last_status INTEGER,
  dropped_at INTEGER NOT NULL,
  PRIMARY KEY (key_id, webhook_id)
);
CREATE INDEX dropped_callbacks_at ON dropped_callbacks (dropped_at, key_id, webhook_id);
