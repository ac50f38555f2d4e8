-- Exactly once, or its uncertainty stated (docs/delivery.md#guarantees).
--
-- When the delivery queue may next send a message it holds, in Unix ms (0: at once): set when an
-- attempt is released (8x8's Retry-After, the wait for a receipt after an ambiguous answer) and
-- read only by the claim, so that every copy of the job (the queue delivers at least once) waits
-- it out, not only the copy that was retried. It is not a lease: a cancel meanwhile is not
-- refused as in flight.
ALTER TABLE messages ADD COLUMN not_before INTEGER NOT NULL DEFAULT 0;

-- Records the gateway marked `failed` although an attempt had no known outcome (8x8 may have
-- taken them) are `unknown`, as the gateway now marks them: the console no longer offers them as
-- dead letters to replay, and a receipt still settles them.
UPDATE messages SET status = 'unknown', status_rank = 1,
  reason = COALESCE(reason, 'failed') || '; an earlier attempt may have reached 8x8'
  WHERE status = 'failed' AND umid IS NULL AND ambiguous_attempts > 0;
