-- Templates (issue 20 §1): the registry of each configured channel's WhatsApp templates, synced
-- from 8x8 (src/templates/sync.ts), and the per-key policy of the check of template sends.

-- One row per registered template of a channel (name and language), replaced whole by each
-- successful sync of its channel; status and quality also change with 8x8's CABM events.
CREATE TABLE templates (
  channel_id TEXT NOT NULL,
  sub_account TEXT NOT NULL,
  name TEXT NOT NULL,
  language TEXT NOT NULL,
  -- lower case: approved | pending | rejected | paused | disabled | flagged | pending_deletion | …
  status TEXT NOT NULL,
  category TEXT,
  -- GREEN | YELLOW | RED | UNKNOWN, from template_quality_update events; NULL: never told.
  quality TEXT,
  -- 8x8's registered components, as synced (JSON array).
  components TEXT NOT NULL,
  -- templateParameters(components) of @chatapps/dsl/templates (JSON), computed at the sync.
  parameters TEXT NOT NULL,
  -- 8x8's updatedAt (ISO 8601), NULL when 8x8 gives none.
  updated_at TEXT,
  -- When the sync that stored this row ran (ms).
  synced_at INTEGER NOT NULL,
  PRIMARY KEY (channel_id, name, language)
);
CREATE INDEX templates_sub_account ON templates (sub_account, name, language);

-- Each configured channel's last sync: when it last succeeded (NULL: never), when it was last
-- tried, and the last failure (no secret: 8x8's status and code only).
CREATE TABLE template_syncs (
  channel_id TEXT PRIMARY KEY,
  sub_account TEXT NOT NULL,
  synced_at INTEGER,
  attempted_at INTEGER NOT NULL,
  template_count INTEGER NOT NULL DEFAULT 0,
  error TEXT
);

-- off | observe | enforce (docs/templates.md): observe sends and flags a mismatch.
ALTER TABLE client_keys ADD COLUMN template_check TEXT NOT NULL DEFAULT 'observe'
  CHECK (template_check IN ('off', 'observe', 'enforce'));

-- A template send's mismatches with the registry under policy observe (JSON array of
-- {path, message, rule, code}); NULL otherwise. GET /v1/messages/{id} shows it as templateIssues.
ALTER TABLE messages ADD COLUMN template_issues TEXT;
