-- The operator's console (issue 19, /console): what it searches and shows of each message.

-- The recipient (msisdn or channel user id), for search; NULL on records written before.
ALTER TABLE messages ADD COLUMN recipient TEXT;
CREATE INDEX messages_recipient ON messages (recipient, created_at);
CREATE INDEX messages_created_at ON messages (created_at);

-- Every post of an asynchronous message to 8x8 and what came of it (src/delivery/consumer.ts).
-- `attempt` counts from 1 again after a replay, so (message_id, attempt) is not unique.
CREATE TABLE delivery_attempts (
  message_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  at INTEGER NOT NULL,
  -- sent | rejected | configuration | retryable | ambiguous
  outcome TEXT NOT NULL,
  -- 8x8's HTTP status; NULL: no answer (timeout, connection lost).
  http_status INTEGER,
  detail TEXT,
  duration_ms INTEGER NOT NULL
);
CREATE INDEX delivery_attempts_message ON delivery_attempts (message_id, at);
CREATE INDEX delivery_attempts_at ON delivery_attempts (at);

-- Every post of a callback to a client's URL and its answer (src/callbacks/consumer.ts); a
-- copy of an event queued twice is posted, and recorded, twice.
CREATE TABLE callback_attempts (
  webhook_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  key_id TEXT NOT NULL,
  -- The message the event is about (NULL: an inbound message).
  message_id TEXT,
  event_type TEXT NOT NULL,
  at INTEGER NOT NULL,
  -- The client's HTTP status; NULL: no answer.
  http_status INTEGER,
  -- delivered | refused | failed | dropped
  outcome TEXT NOT NULL,
  detail TEXT
);
CREATE INDEX callback_attempts_message ON callback_attempts (message_id);

-- Dead letters an operator put back into the delivery queue (the console's replay).
CREATE TABLE dead_letter_replays (
  message_id TEXT NOT NULL,
  replayed_at INTEGER NOT NULL,
  -- Who replayed it: the Access identity (email) or `admin-token`.
  by TEXT NOT NULL,
  previous_reason TEXT,
  PRIMARY KEY (message_id, replayed_at)
);
