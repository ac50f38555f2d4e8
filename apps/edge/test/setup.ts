import { applyD1Migrations, env } from 'cloudflare:test'
import { beforeEach } from 'vitest'
import { ED25519_PUBLIC, HMAC_SECRET, KEYS } from './helpers'

// Real D1: migrate, then register the development keys of signing.md and a few test clients.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)
const insert = env.DB.prepare(
  `INSERT OR REPLACE INTO client_keys (key_id, alg, secret, sub_account, allowed_routes,
    allowed_types, rate_per_second, rate_burst, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
)

interface TestKey {
  readonly alg?: 'ed25519' | 'hmac-sha256'
  readonly routes?: string
  readonly types?: string
  readonly rate?: number
  readonly burst?: number
  readonly status?: 'active' | 'revoked'
}

/** One client key row; HMAC, unrestricted, 100/s with a burst of 1,000 and active unless said. */
function key(keyId: string, options: TestKey = {}) {
  const alg = options.alg ?? 'hmac-sha256'
  return insert.bind(
    keyId,
    alg,
    alg === 'ed25519' ? ED25519_PUBLIC : HMAC_SECRET,
    'demo-subaccount',
    options.routes ?? null,
    options.types ?? null,
    options.rate ?? 100,
    options.burst ?? 1000,
    options.status ?? 'active',
    0,
  )
}

await env.DB.batch([
  key(KEYS.ed25519, { alg: 'ed25519' }),
  key(KEYS.hmac),
  key(KEYS.limited, { rate: 0.01, burst: 2 }),
  key(KEYS.revocable),
  key(KEYS.revoked, { status: 'revoked' }),
  key(KEYS.restricted, { routes: '["POST /v1/messages"]', types: '["text"]' }),
  key(KEYS.textOnly, { types: '["text"]' }),
  key(KEYS.enforce),
  key(KEYS.windowOff),
  key(KEYS.paced),
  key(KEYS.slowPaced),
  key(KEYS.otherSub),
  key(KEYS.templatesObserve),
  key(KEYS.templatesEnforce),
  key(KEYS.templatesOff),
  key(KEYS.templatesUnsynced),
])
// Contacts (test/contacts.test.ts): policies and pacing of their own, another sub-account.
await env.DB.batch([
  env.DB.prepare("UPDATE client_keys SET service_window = 'enforce' WHERE key_id = ?").bind(
    KEYS.enforce,
  ),
  env.DB.prepare("UPDATE client_keys SET service_window = 'off' WHERE key_id = ?").bind(
    KEYS.windowOff,
  ),
  env.DB.prepare(
    'UPDATE client_keys SET contact_rate_per_second = 10, contact_burst = 10 WHERE key_id = ?',
  ).bind(KEYS.paced),
  env.DB.prepare(
    'UPDATE client_keys SET contact_rate_per_second = 0.1, contact_burst = 3 WHERE key_id = ?',
  ).bind(KEYS.slowPaced),
  env.DB.prepare("UPDATE client_keys SET sub_account = 'other-subaccount' WHERE key_id = ?").bind(
    KEYS.otherSub,
  ),
])

// Templates (test/templates.test.ts): the sub-accounts of vitest.config.ts's TEMPLATE_CHANNELS.
const templateKey = (keyId: string, subAccount: string, policy: string) =>
  env.DB.prepare(
    'UPDATE client_keys SET sub_account = ?, template_check = ? WHERE key_id = ?',
  ).bind(subAccount, policy, keyId)
await env.DB.batch([
  templateKey(KEYS.templatesObserve, 'templates-subaccount', 'observe'),
  templateKey(KEYS.templatesEnforce, 'templates-subaccount', 'enforce'),
  templateKey(KEYS.templatesOff, 'templates-subaccount', 'off'),
  templateKey(KEYS.templatesUnsynced, 'unsynced-subaccount', 'enforce'),
])

// Each test starts with the sub-account's circuit breaker closed: fault tests open it on purpose.
beforeEach(async () => {
  const circuit = env.CIRCUIT.get(env.CIRCUIT.idFromName('demo-subaccount'))
  // A successful probe is a clean slate.
  await circuit.report({ threshold: 1, openMs: 1 }, false, true, Date.now(), 0)
})
