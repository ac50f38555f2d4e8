#!/usr/bin/env node
// Client key management for the gateway's D1 table `client_keys`, through `wrangler d1 execute`,
// on the local database (default, what `pnpm dev` uses) or the remote one of an environment.
// `pnpm keys --help` and `pnpm keys <command> --help` (keys/args.mjs) say what each command takes.
//
//   pnpm keys migrate                                  apply migrations/ to the database
//   pnpm keys seed-dev                                 register signing.md's two development keys
//                                                      for demo-subaccount (never in production)
//   pnpm keys add <keyId> --alg ed25519 --key <SPKI base64> --sub-account <id>
//            [--routes "POST /v1/messages,GET /v1/messages/:id"] [--types text,image]
//            [--rate <per second>] [--burst <tokens>] [--service-window off|observe|enforce]
//            [--template-check off|observe|enforce]
//            [--contact-rate <per second>] [--contact-burst <sends>]   pacing per recipient
//   pnpm keys add <keyId> --alg hmac-sha256 --key <raw secret base64> --sub-account <id>
//            [--callback-url <https URL>]  client callbacks (receipts, inbound messages), signed
//            per Standard Webhooks with a generated `whsec_…` secret that is printed once
//   pnpm keys set-callback <keyId> <https URL>|none   a new URL (and a new secret, printed once),
//            or no callbacks any more
//   pnpm keys list [--json]                           100 columns; --json for every column
//   pnpm keys revoke <keyId> [--gateway <URL>]         in D1, then tells the running gateway
//            (POST /admin/keys/<keyId>/revoke with CHATAPPS_ADMIN_TOKEN; locally the dev server
//            at http://127.0.0.1:8787 and its public token), so it takes effect on the next
//            request; a gateway not told refuses the key within KEY_CACHE_MS (60 s)
//   pnpm keys rotate <oldKeyId> <newKeyId> --key <base64>
//            adds the new key with the old one's algorithm, sub-account, permissions and limits;
//            both stay active until you `revoke <oldKeyId>` once clients have switched.
//
// Target: --local (default) or --remote, and --env staging|production (default: the top level,
// local); --persist-to <dir> for a local database kept elsewhere. Secrets are passed to wrangler as SQL and never printed; `list` shows no key material.
// A callback URL is https; plain http only to a loopback or `.test` host, and only locally; in
// staging and production never to a host that is not public (src/callbacks/url-rule.js).
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { callbackUrlProblem } from '../src/callbacks/url-rule.js'
import { COMMANDS, commandHelp, generalHelp, parseCommandLine, UsageError } from './keys/args.mjs'
import { keyProblem } from './keys/key-material.mjs'
import { formatKeys } from './keys/table.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const DEVELOPMENT_KEYS = [
  {
    keyId: 'test-key-ed25519',
    alg: 'ed25519',
    key: 'MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=',
  },
  {
    keyId: 'test-shared-secret',
    alg: 'hmac-sha256',
    key: 'uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ==',
  },
]
const KEY_ID = /^[A-Za-z0-9._-]{1,100}$/
const ALGS = ['ed25519', 'hmac-sha256']

function fail(message) {
  console.error(`keys: ${message}`)
  process.exit(1)
}

/** Parses the command line; help goes to stdout (exit 0), a mistake to stderr (exit 2). */
function parse(argv) {
  try {
    const parsed = parseCommandLine(argv)
    if (parsed.help !== undefined) {
      console.log(parsed.help === 'general' ? generalHelp() : commandHelp(parsed.help))
      process.exit(0)
    }
    return parsed
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    const help = argv[0] in COMMANDS ? `pnpm keys ${argv[0]} --help` : 'pnpm keys --help'
    console.error(`keys: ${error.message}\n(${help})`)
    process.exit(2)
  }
}

const sql = (value) =>
  value === null || value === undefined ? 'NULL' : `'${String(value).replaceAll("'", "''")}'`
const list = (value) =>
  value === undefined ? null : JSON.stringify(value.split(',').map((item) => item.trim()))

function wrangler(flags, args) {
  const target = flags.remote ? ['--remote'] : ['--local']
  const env = flags.env === undefined ? [] : ['--env', flags.env]
  // --persist-to keeps a local database elsewhere than .wrangler/state (tests use a fresh one).
  // Relative to where the command was typed (pnpm's INIT_CWD: the root or apps/edge), not to
  // where wrangler runs.
  const persist =
    flags['persist-to'] === undefined
      ? []
      : ['--persist-to', resolve(process.env.INIT_CWD ?? process.cwd(), flags['persist-to'])]
  return execFileSync('pnpm', ['exec', 'wrangler', ...args, ...target, ...env, ...persist], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  })
}

function execute(flags, statement) {
  const out = wrangler(flags, ['d1', 'execute', 'DB', '--json', '--command', statement])
  const start = out.indexOf('[')
  return start === -1 ? [] : (JSON.parse(out.slice(start))[0]?.results ?? [])
}

/**
 * The gateway's own rule (src/callbacks/url-rule.js, which it applies again at every delivery):
 * locally https, or http to a loopback or .test host; in staging and production (and any
 * --remote database) https to a public host only.
 */
function checkCallbackUrl(url, flags) {
  const environment = flags.env ?? (flags.remote ? 'remote' : 'local')
  const problem = callbackUrlProblem(url, environment)
  if (problem !== null) fail(`a callback URL ${problem}`)
  return new URL(url).href
}

/** wrangler.jsonc's local ADMIN_TOKEN (public; production refuses it). */
const LOCAL_ADMIN_TOKEN = 'local-admin-token-not-secret'

/**
 * Tells the gateway that a key is revoked, so that isolates which remember it refuse it from the
 * next request on. Exits with 3 when a gateway was named but did not take it.
 */
async function tellGateway(flags, keyId) {
  const local = !flags.remote && flags.env === undefined
  const named = flags.gateway ?? process.env.CHATAPPS_GATEWAY_URL
  // The dev server's gateway, unless the database is another one (--persist-to).
  const gateway =
    named ?? (local && flags['persist-to'] === undefined ? 'http://127.0.0.1:8787' : undefined)
  const later = 'isolates that remember the key refuse it within KEY_CACHE_MS (60 s by default)'
  if (gateway === undefined) {
    console.log(`no gateway named (--gateway or CHATAPPS_GATEWAY_URL): ${later}`)
    return
  }
  const token = process.env.CHATAPPS_ADMIN_TOKEN ?? (local ? LOCAL_ADMIN_TOKEN : undefined)
  if (token === undefined) fail('CHATAPPS_ADMIN_TOKEN is not set: the gateway was not told')
  const url = new URL(`/admin/keys/${encodeURIComponent(keyId)}/revoke`, gateway)
  let response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    })
  } catch {
    if (named === undefined) {
      console.log(`no gateway is running at ${gateway}: one started later reads D1`)
      return
    }
    console.error(`keys: ${gateway} did not answer; ${later}`)
    process.exit(3)
  }
  if (response.status === 200) {
    console.log(`the gateway at ${gateway} refuses ${keyId} from the next request on`)
    return
  }
  const problem = await response.json().catch(() => ({}))
  console.error(`keys: ${gateway} answered ${response.status} ${problem.code ?? ''}; ${later}`)
  process.exit(3)
}

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
const newCallbackSecret = () => `whsec_${randomBytes(32).toString('base64')}`

/** Prints a callback secret, the only time it is shown. */
function showSecret(keyId, secret) {
  console.log(`callback secret for ${keyId} (shown once, give it to the client): ${secret}`)
}

function checkKey({ keyId, alg, key }, flags) {
  if (!KEY_ID.test(keyId ?? '')) fail('a key id is 1 to 100 of A-Z a-z 0-9 . _ -')
  if (!ALGS.includes(alg)) fail(`--alg must be one of ${ALGS.join(', ')}`)
  const problem = keyProblem(alg, key)
  if (problem !== null) fail(problem)
  if (flags.env === 'production' && DEVELOPMENT_KEYS.some((dev) => dev.keyId === keyId)) {
    fail(`${keyId} is a public development key: production refuses it`)
  }
}

/** @returns false when the key id was revoked (then nothing is written). */
function insert(flags, record, { revokedIsFatal = true } = {}) {
  checkKey(record, flags)
  // The gateway's admission object keeps a revoked key revoked whatever D1 says later.
  const [existing] = execute(
    flags,
    `SELECT status FROM client_keys WHERE key_id = ${sql(record.keyId)}`,
  )
  if (existing?.status === 'revoked') {
    const final = `${record.keyId} was revoked, and revocation is final`
    if (revokedIsFatal) fail(`${final}: register the key under a new id`)
    console.log(`${final} (locally, remove apps/edge/.wrangler/state to start afresh)`)
    return false
  }
  if (!record.subAccount) fail('--sub-account is required')
  const rate = Number(record.rate ?? 10)
  const burst = Number(record.burst ?? 60)
  if (!(rate > 0) || !Number.isInteger(burst) || burst < 1)
    fail('--rate > 0, --burst an integer >= 1')
  const serviceWindow = record.serviceWindow ?? 'observe'
  if (!['off', 'observe', 'enforce'].includes(serviceWindow)) {
    fail('--service-window is off, observe or enforce')
  }
  const templateCheck = record.templateCheck ?? 'observe'
  if (!['off', 'observe', 'enforce'].includes(templateCheck)) {
    fail('--template-check is off, observe or enforce')
  }
  const contactRate = record.contactRate ?? null
  const contactBurst = record.contactBurst ?? null
  if (contactRate !== null && !(Number(contactRate) > 0)) fail('--contact-rate > 0')
  if (
    contactBurst !== null &&
    !(Number.isInteger(Number(contactBurst)) && Number(contactBurst) >= 1)
  )
    fail('--contact-burst an integer >= 1')
  const callbackUrl =
    record.callbackUrl === undefined || record.callbackUrl === null
      ? null
      : checkCallbackUrl(record.callbackUrl, flags)
  // A rotation keeps the old key's secret; a new URL gets a new one.
  const callbackSecret =
    callbackUrl === null ? null : (record.callbackSecret ?? newCallbackSecret())
  execute(
    flags,
    `INSERT INTO client_keys (key_id, alg, secret, sub_account, allowed_routes, allowed_types,
      rate_per_second, rate_burst, status, created_at, callback_url, callback_secret,
      service_window, contact_rate_per_second, contact_burst, template_check) VALUES (${[
        record.keyId,
        record.alg,
        record.key,
        record.subAccount,
        record.routes,
        record.types,
      ]
        .map(sql)
        .join(', ')}, ${rate}, ${burst}, 'active', ${Date.now()}, ${sql(callbackUrl)},
        ${sql(callbackSecret)}, ${sql(serviceWindow)},
        ${contactRate === null ? 'NULL' : Number(contactRate)},
        ${contactBurst === null ? 'NULL' : Number(contactBurst)}, ${sql(templateCheck)})
      ON CONFLICT (key_id) DO UPDATE SET alg = excluded.alg, secret = excluded.secret,
        sub_account = excluded.sub_account, allowed_routes = excluded.allowed_routes,
        allowed_types = excluded.allowed_types, rate_per_second = excluded.rate_per_second,
        rate_burst = excluded.rate_burst, status = 'active',
        service_window = excluded.service_window,
        contact_rate_per_second = excluded.contact_rate_per_second,
        contact_burst = excluded.contact_burst, template_check = excluded.template_check,
        callback_url = COALESCE(excluded.callback_url, client_keys.callback_url),
        callback_secret = COALESCE(excluded.callback_secret, client_keys.callback_secret)`,
  )
  console.log(`added ${record.keyId} (${record.alg}) for ${record.subAccount}`)
  if (callbackUrl !== null && record.callbackSecret === undefined) {
    console.log(`callbacks to ${callbackUrl}`)
    showSecret(record.keyId, callbackSecret)
  }
  return true
}

const { command, positional, flags } = parse(process.argv.slice(2))
const [first, second] = positional

switch (command) {
  case 'migrate':
    wrangler(flags, ['d1', 'migrations', 'apply', 'DB'])
    console.log('migrations applied')
    break
  case 'seed-dev':
    if (flags.env === 'production') fail('the development keys are never registered in production')
    for (const dev of DEVELOPMENT_KEYS) {
      insert(flags, { ...dev, subAccount: 'demo-subaccount' }, { revokedIsFatal: false })
    }
    break
  case 'add':
    insert(flags, {
      keyId: first,
      alg: flags.alg,
      key: flags.key,
      subAccount: flags['sub-account'],
      routes: list(flags.routes),
      types: list(flags.types),
      rate: flags.rate,
      burst: flags.burst,
      serviceWindow: flags['service-window'],
      templateCheck: flags['template-check'],
      contactRate: flags['contact-rate'],
      contactBurst: flags['contact-burst'],
      callbackUrl: flags['callback-url'],
    })
    break
  case 'set-callback': {
    if (!KEY_ID.test(first ?? '') || second === undefined) {
      fail('usage: keys set-callback <keyId> <https URL>|none')
    }
    // A URL the gateway would not post to is refused before D1 is touched.
    if (second !== 'none') checkCallbackUrl(second, flags)
    const [found] = execute(flags, `SELECT key_id FROM client_keys WHERE key_id = ${sql(first)}`)
    if (found === undefined) fail(`${first} is not a key`)
    if (second === 'none') {
      execute(
        flags,
        `UPDATE client_keys SET callback_url = NULL, callback_secret = NULL
          WHERE key_id = ${sql(first)}`,
      )
      console.log(`no callbacks for ${first}`)
      break
    }
    const url = checkCallbackUrl(second, flags)
    const secret = newCallbackSecret()
    execute(
      flags,
      `UPDATE client_keys SET callback_url = ${sql(url)}, callback_secret = ${sql(secret)}
        WHERE key_id = ${sql(first)}`,
    )
    console.log(`callbacks for ${first} to ${url}`)
    showSecret(first, secret)
    break
  }
  case 'list': {
    const rows = execute(
      flags,
      `SELECT key_id, alg, sub_account, allowed_routes, allowed_types, rate_per_second, rate_burst,
        status, callback_url, created_at, service_window, contact_rate_per_second, contact_burst,
        template_check FROM client_keys ORDER BY created_at`,
    )
    if (flags.json === true) console.log(JSON.stringify(rows))
    else console.log(formatKeys(rows))
    break
  }
  case 'revoke':
    if (!KEY_ID.test(first ?? '')) fail('usage: keys revoke <keyId> [--gateway <URL>]')
    execute(flags, `UPDATE client_keys SET status = 'revoked' WHERE key_id = ${sql(first)}`)
    console.log(`revoked ${first} in D1`)
    await tellGateway(flags, first)
    break
  case 'rotate': {
    if (!KEY_ID.test(first ?? '') || !KEY_ID.test(second ?? '')) {
      fail('usage: keys rotate <oldKeyId> <newKeyId> --key <base64>')
    }
    const [old] = execute(
      flags,
      `SELECT alg, sub_account, allowed_routes, allowed_types, rate_per_second, rate_burst,
        callback_url, callback_secret, service_window, contact_rate_per_second, contact_burst,
        template_check FROM client_keys WHERE key_id = ${sql(first)} AND status = 'active'`,
    )
    if (old === undefined) fail(`${first} is not an active key`)
    insert(flags, {
      keyId: second,
      alg: old.alg,
      key: flags.key,
      subAccount: old.sub_account,
      routes: old.allowed_routes,
      types: old.allowed_types,
      rate: old.rate_per_second,
      burst: old.rate_burst,
      serviceWindow: old.service_window,
      templateCheck: old.template_check,
      contactRate: old.contact_rate_per_second,
      contactBurst: old.contact_burst,
      // The client keeps its callback and its secret across the rotation.
      callbackUrl: old.callback_url,
      callbackSecret: old.callback_secret ?? undefined,
    })
    console.log(
      `${first} and ${second} are both active; revoke ${first} when clients have switched`,
    )
    break
  }
}
