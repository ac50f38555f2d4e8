-- Batch sends: one row per message, all under the batch request's idempotency key, told apart by
-- their index in the batch (0 for a single send).
ALTER TABLE messages ADD COLUMN batch_id TEXT;
ALTER TABLE messages ADD COLUMN batch_index INTEGER NOT NULL DEFAULT 0;
DROP INDEX messages_key_idempotency;
CREATE UNIQUE INDEX messages_key_idempotency ON messages (key_id, idempotency_key, batch_index);
