-- Client signing keys: one row per key id. `secret` holds the SPKI public key (base64) for
-- ed25519, or the raw HMAC secret (base64) for hmac-sha256.
CREATE TABLE client_keys (
  key_id TEXT PRIMARY KEY NOT NULL,
  alg TEXT NOT NULL CHECK (alg IN ('ed25519', 'hmac-sha256')),
  secret TEXT NOT NULL,
  sub_account TEXT NOT NULL,
  -- JSON arrays; NULL means every route ("POST /v1/messages", "GET /v1/messages/:id") or type.
  allowed_routes TEXT,
  allowed_types TEXT,
  rate_per_second REAL NOT NULL DEFAULT 10,
  rate_burst INTEGER NOT NULL DEFAULT 60,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
  created_at INTEGER NOT NULL
);

-- Messages the gateway sent.
CREATE TABLE messages (
  id TEXT PRIMARY KEY NOT NULL,
  key_id TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  client_message_id TEXT NOT NULL,
  umid TEXT,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE INDEX messages_key_id ON messages (key_id, created_at);
CREATE UNIQUE INDEX messages_key_idempotency ON messages (key_id, idempotency_key);
