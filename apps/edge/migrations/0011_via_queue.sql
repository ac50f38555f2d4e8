-- 1 for a message accepted for the delivery queue (Prefer: respond-async), 0 for one sent
-- synchronously. A batch's queued messages reach 8x8 one by one, each under its own umid and under
-- no batch of 8x8's: DELETE /v1/batches/{batchId} cancels those at 8x8 one by one. Rows written
-- before this migration read 0: such a batch's messages at 8x8 are cancelled by their own DELETE.
ALTER TABLE messages ADD COLUMN via_queue INTEGER NOT NULL DEFAULT 0;
