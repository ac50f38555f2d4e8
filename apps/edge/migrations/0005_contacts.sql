-- Contacts (issue 17 §1): the service-window policy and pacing of each key, and the index of
-- suppressed recipients (each contact's Durable Object holds the truth; this lists them).

-- off | observe | enforce (docs/conversations.md): observe sends and says the window is closed.
ALTER TABLE client_keys ADD COLUMN service_window TEXT NOT NULL DEFAULT 'observe'
  CHECK (service_window IN ('off', 'observe', 'enforce'));
-- The key's pacing per recipient; NULL: the deployment's CONTACT_RATE_PER_SECOND / CONTACT_BURST.
ALTER TABLE client_keys ADD COLUMN contact_rate_per_second REAL;
ALTER TABLE client_keys ADD COLUMN contact_burst INTEGER;

-- Recipients that may not be sent to, per sub-account: opted out (a stop keyword, an operator)
-- or blocked (Viber 2007). Written when a contact's consent changes.
CREATE TABLE suppressions (
  sub_account TEXT NOT NULL,
  recipient TEXT NOT NULL,
  state TEXT NOT NULL,
  by TEXT NOT NULL,
  reason TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (sub_account, recipient)
);

-- `closed`: the message went outside its recipient's 24-hour service window (policy observe);
-- NULL otherwise. GET /v1/messages/{id} shows it as `serviceWindow`.
ALTER TABLE messages ADD COLUMN service_window TEXT;
