-- When a cancel of the message at 8x8 failed ambiguously (a 500 or another 5xx, a timeout, the
-- connection lost: 8x8 may have cancelled it), in Unix ms; NULL when none did. A later cancel to
-- which 8x8 holds nothing under the message reads it (src/routes/cancel-steps.ts): before the
-- message's scheduled time that cancel took effect (the record becomes cancelled); after it, or
-- with no scheduled time, its outcome stays unknown and the receipts tell.
ALTER TABLE messages ADD COLUMN cancel_unknown_at INTEGER;
