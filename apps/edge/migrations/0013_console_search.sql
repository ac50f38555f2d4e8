-- Indexes for the console's searches (src/db/messages/search.ts) and dead letters, so that no
-- page reads the whole `messages` table: D1 runs one query at a time, and a scan stalls the
-- gateway's writes behind it.

-- Newest first with the (created_at, id) cursor: serves `ORDER BY created_at DESC, id DESC` and
-- `(created_at, id) < (?, ?)`, and `created_at >= ?` as messages_created_at did.
DROP INDEX messages_created_at;
CREATE INDEX messages_created ON messages (created_at, id);
-- A search by the caller's clientMessageId (the (sub_account, client_message_id) index needs the
-- sub-account, which the console does not ask for), and by state.
CREATE INDEX messages_client_message_created ON messages (client_message_id, created_at, id);
CREATE INDEX messages_status_created ON messages (status, created_at, id);
-- Dead letters (src/db/messages/replay.ts `DEAD`), newest first by updated_at. Partial on the two
-- terms every version of that predicate keeps (failed, never taken by 8x8), so that a DEAD with
-- more terms (ambiguous attempts excluded) still uses it; status and umid lead so that the
-- planner prefers it to messages_status_created (equal on both, then in the page's order).
CREATE INDEX messages_dead_letters ON messages (status, umid, updated_at, id)
  WHERE status = 'failed' AND umid IS NULL;

-- The live view's latency: the window's durations read from the index alone.
DROP INDEX delivery_attempts_at;
CREATE INDEX delivery_attempts_at ON delivery_attempts (at, duration_ms);
