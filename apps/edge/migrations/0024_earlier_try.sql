-- A synchronous send that took over its Idempotency-Key's claim after the lease of an earlier try
-- ended without an answer (that try's worker stopped, or stalled past its lease after its call):
-- when the earlier try claimed the key (Unix ms). The earlier try may have reached 8x8, so the
-- message may have been sent twice; the record says so (`maybeSentTwice`). NULL for every other.
ALTER TABLE messages ADD COLUMN earlier_try_at INTEGER;
