-- Template events in the order Meta made them: a quality or category event changes a template's
-- row only when it is newer than what set that fact (src/db/templates.ts, the rule of the status
-- of migration 0014): 8x8 retries and reorders its webhook calls, so an older YELLOW arriving
-- after a newer RED must not win.
--
-- Unix ms: the last event's own timestamp; for the category also when the fetch of the listing
-- that set it started (a listing carries the category, never the quality). 0 for the rows stored
-- before this migration (any event or listing is newer).
ALTER TABLE templates ADD COLUMN quality_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE templates ADD COLUMN category_at INTEGER NOT NULL DEFAULT 0;
