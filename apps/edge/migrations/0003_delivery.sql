-- Asynchronous delivery (issue 5): what the queue consumer and the receipts need on each message.
-- `status_rank` orders states so that a late receipt never moves a message backwards
-- (src/delivery/states.ts); `payload` holds the canonical JSON until 8x8 has taken it;
-- `lease_until` keeps two queue deliveries of one message from sending it at the same time.
ALTER TABLE messages ADD COLUMN sub_account TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN status_rank INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN payload TEXT;
ALTER TABLE messages ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN ambiguous_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN reason TEXT;
ALTER TABLE messages ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX messages_umid ON messages (umid);
CREATE INDEX messages_client_message_id ON messages (sub_account, client_message_id);
