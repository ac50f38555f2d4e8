-- An idempotency key may be used again once its 24 h retention ended (docs/errors.md): that is a
-- new request, with records of its own. The unique index keeps what it is for: a retry of one
-- asynchronous request after a partial write (its records in D1, its answer lost or not stored)
-- finds the records of the first try, never a second set. So it covers only records accepted for
-- the queue (a synchronous record is a send 8x8 took: each is kept, under its own id), and only
-- the key's live generation: a reuse after the retention first retires the records of the earlier
-- one (`idempotency_retired_at`, the time of that reuse; 0 while they are the live generation,
-- src/db/messages/delivery.ts).
ALTER TABLE messages ADD COLUMN idempotency_retired_at INTEGER NOT NULL DEFAULT 0;
DROP INDEX messages_key_idempotency;
CREATE UNIQUE INDEX messages_key_idempotency
  ON messages (key_id, idempotency_key, idempotency_retired_at, batch_index) WHERE via_queue = 1;
-- Records accepted for the queue that no attempt claimed yet: the cron trigger queues again those
-- whose job never reached the queue (src/delivery/requeue.ts).
CREATE INDEX messages_unclaimed ON messages (updated_at) WHERE status = 'accepted' AND attempts = 0;
