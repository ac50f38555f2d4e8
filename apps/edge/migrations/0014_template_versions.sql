-- Template registry fixes (issue 20): when each template's status last changed, so that an
-- event older than the status it would replace (8x8 retries and reorders webhook calls), or a
-- listing fetched before a newer event, changes nothing (src/db/templates.ts).
--
-- Unix ms: the event's own timestamp, or when the fetch of the listing that set it started. 0 for
-- the rows stored before this migration (any event or listing is newer).
ALTER TABLE templates ADD COLUMN status_at INTEGER NOT NULL DEFAULT 0;

-- From this migration on, templates.synced_at and template_syncs.synced_at are when the fetch of
-- the stored listing started (not when it was stored): a sync's version. A listing commits only
-- when no sync that started later has committed (overlapping syncs of one channel).
