-- Webhooks from 8x8 and callbacks to clients (issue 5).

-- A client key may register a callback URL; the secret (`whsec_…`, Standard Webhooks) signs what
-- the gateway posts there.
ALTER TABLE client_keys ADD COLUMN callback_url TEXT;
ALTER TABLE client_keys ADD COLUMN callback_secret TEXT;

-- Delivery receipts, one row per (umid, state): 8x8's retries are duplicates and are ignored.
-- Kept even when no message record matches yet (the synchronous send writes its record just
-- after 8x8 answers); reading a message merges them.
CREATE TABLE receipts (
  umid TEXT NOT NULL,
  state TEXT NOT NULL,
  -- deliveryStateRank(state) of @chatapps/dsl: history is ordered by it.
  state_rank INTEGER NOT NULL,
  detail TEXT,
  -- No declared type: keeps 8x8's number or string as it came.
  error_code,
  error_message TEXT,
  -- 8x8's ISO-8601 timestamp, as sent.
  timestamp TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  client_message_id TEXT,
  sub_account TEXT,
  PRIMARY KEY (umid, state)
);
CREATE INDEX receipts_client_message_id ON receipts (sub_account, client_message_id);

-- Inbound messages from users, once each.
CREATE TABLE inbound_messages (
  umid TEXT PRIMARY KEY NOT NULL,
  sub_account TEXT,
  type TEXT NOT NULL,
  timestamp TEXT NOT NULL,
  -- The whole event, as parsed (JSON).
  event TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE INDEX inbound_messages_sub_account ON inbound_messages (sub_account, received_at);

-- Other events (external app messages, event types the gateway does not know yet), raw, once
-- each: `id` is the SHA-256 of the body, so 8x8's retries are ignored.
CREATE TABLE webhook_events (
  id TEXT PRIMARY KEY NOT NULL,
  event_type TEXT NOT NULL,
  body TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
