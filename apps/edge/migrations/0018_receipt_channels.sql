-- Fallback between channels (docs/delivery.md#fallback-between-channels): 8x8 sends a message
-- through its channels in order, each step a delivery with receipts of its own. One umid, several
-- channels: a receipt is kept per umid, state and channel (WhatsApp's `undelivered` and then
-- SMS's are two receipts, not a duplicate), with its channel as 8x8 named it (lower case; '' when
-- the receipt named none) and its step when 8x8 told it (message details' `step`).
CREATE TABLE receipts_by_channel (
  umid TEXT NOT NULL,
  state TEXT NOT NULL,
  channel TEXT NOT NULL DEFAULT '',
  step INTEGER,
  state_rank INTEGER NOT NULL,
  detail TEXT,
  error_code,
  error_message TEXT,
  timestamp TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  client_message_id TEXT,
  sub_account TEXT,
  PRIMARY KEY (umid, state, channel)
);
INSERT INTO receipts_by_channel (umid, state, state_rank, detail, error_code, error_message,
  timestamp, received_at, client_message_id, sub_account)
  SELECT umid, state, state_rank, detail, error_code, error_message, timestamp, received_at,
    client_message_id, sub_account FROM receipts ORDER BY received_at;
DROP TABLE receipts;
ALTER TABLE receipts_by_channel RENAME TO receipts;
CREATE INDEX receipts_client_message_id ON receipts (sub_account, client_message_id);

-- The channel of the record's current state, when a receipt that named one set it (NULL: the
-- gateway set the state, or the receipt named no channel).
ALTER TABLE messages ADD COLUMN status_channel TEXT;

-- Sent twice: the umid of the second time 8x8 took the message (a receipt proved an earlier
-- attempt while a retry was at 8x8), shown in the record's `sentTwice`.
ALTER TABLE messages ADD COLUMN duplicate_umid TEXT;
