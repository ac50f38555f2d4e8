/**
 * The configuration, read once from the worker's `env`, validated, and passed inward as typed
 * values: inner modules and Durable Objects never read `env` for settings. Imports nothing else
 * of the gateway, so that anything may import it without a cycle.
 *
 * @module
 */
import * as v from 'valibot'

/** The public RFC 9421 development key ids of signing.md: refused in production. */
const DEVELOPMENT_KEY_IDS: readonly string[] = ['test-key-ed25519', 'test-shared-secret']

/** wrangler.jsonc's local admin token: public, so refused in production. */
export const LOCAL_ADMIN_TOKEN = 'local-admin-token-not-secret'

/** One `@authority`: a DNS name, IPv4 or bracketed IPv6 address, lower case, optional port. */
const AUTHORITY =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::[1-9][0-9]{0,4})?$/

/**
 * RFC 2606 names, used as placeholders in wrangler.jsonc's staging and production environments:
 * a deployment that still lists one refuses to start instead of refusing every request.
 */
const PLACEHOLDER_AUTHORITY = /(?:^|\.)(?:example(?:\.com|\.net|\.org)?|invalid)(?::\d+)?$/

/**
 * The shortest `WEBHOOK_AUTHORIZATION` (and `…_NEXT`) staging and production accept. The value is
 * a bearer secret: whoever holds it can post receipts and inbound messages as 8x8, and nothing
 * else (no signature, no nonce) stands behind it. 32 characters of a random value (e.g.
 * `Bearer ` and `openssl rand -hex 32`) cannot be guessed; a short one can be.
 */
export const MIN_WEBHOOK_AUTHORIZATION_LENGTH = 32

/** wrangler.jsonc's placeholder Access team domain (staging and production refuse it). */
const PLACEHOLDER_ACCESS_TEAM_DOMAIN = 'example.cloudflareaccess.com'

/**
 * One `ALLOWED_AUTHORITIES` entry. A default port (`:443`, `:80`) is refused: URLs drop it, so
 * `@authority` would never carry it.
 */
function isAuthority(name: string): boolean {
  const port = /:(\d+)$/.exec(name)?.[1]
  return (
    AUTHORITY.test(name) &&
    (port === undefined || (Number(port) <= 65_535 && port !== '80' && port !== '443'))
  )
}

/** `ALLOWED_AUTHORITIES`: comma-separated authorities, trimmed and lower-cased. */
const AuthoritiesSchema = v.pipe(
  v.string(),
  v.transform((text) => text.split(',').map((name) => name.trim().toLowerCase())),
  v.array(v.pipe(v.string(), v.check(isAuthority))),
  v.minLength(1),
)

/** An 8x8 account, sub-account or channel id: it goes into a URL path as it is. */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/

/** The sub-accounts' template channels, at most 50 channels in all (one sync call each). */
const MAX_TEMPLATE_CHANNELS = 50

/** A WhatsApp Business Account id: Meta's ids are decimal digits. */
const WABA_ID = /^[0-9]{1,32}$/

/**
 * One channel of `TEMPLATE_CHANNELS`: `<channelId>` or `<channelId>@<wabaId>`, the WhatsApp
 * Business Account whose template events concern it (src/templates/events.ts).
 */
function templateChannel(text: string) {
  const at = text.indexOf('@')
  if (at === -1) return { channelId: text.trim() }
  return { channelId: text.slice(0, at).trim(), businessAccountId: text.slice(at + 1).trim() }
}

/**
 * `TEMPLATE_CHANNELS`: `<subAccountId>=<channelId>[@<wabaId>]|<channelId>[@<wabaId>],…` into one
 * entry per sub-account; a sub-account or a channel named twice is refused (one owner per
 * channel's rows).
 */
const TemplateChannelsSchema = v.pipe(
  v.string(),
  v.transform((text) =>
    text
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '')
      .map((entry) => {
        const [subAccount = '', channels = ''] = entry.split('=', 2)
        return { subAccount: subAccount.trim(), channels: channels.split('|').map(templateChannel) }
      }),
  ),
  v.array(
    v.object({
      subAccount: v.pipe(v.string(), v.regex(ID)),
      channels: v.pipe(
        v.array(
          v.object({
            channelId: v.pipe(v.string(), v.regex(ID)),
            businessAccountId: v.exactOptional(v.pipe(v.string(), v.regex(WABA_ID))),
          }),
        ),
        v.minLength(1),
      ),
    }),
  ),
  v.minLength(1),
  v.check((entries) => {
    const subAccounts = entries.map((entry) => entry.subAccount)
    const channels = entries.flatMap((entry) => entry.channels.map((channel) => channel.channelId))
    return (
      new Set(subAccounts).size === subAccounts.length &&
      new Set(channels).size === channels.length &&
      channels.length <= MAX_TEMPLATE_CHANNELS
    )
  }),
)

/** A whole number in a string (a wrangler variable), within bounds. */
function integer(min: number, max: number) {
  return v.pipe(
    v.string(),
    v.transform(Number),
    v.number(),
    v.integer(),
    v.minValue(min),
    v.maxValue(max),
  )
}

/**
 * The longest `UPSTREAM_TIMEOUT_MS` accepted: one call to 8x8 (its answer's body included) never
 * takes longer, and an idempotency claim's default lease is derived from it
 * (src/objects/admission/protocol.ts).
 */
export const MAX_UPSTREAM_TIMEOUT_MS = 30_000

/** The variables and secrets {@link readConfig} reads (wrangler.jsonc `vars`, `wrangler secret`). */
export interface ConfigVars {
  readonly CHATAPPS_API_KEY?: string
  readonly CHATAPPS_BASE_URL?: string
  readonly ENVIRONMENT?: string
  readonly UPSTREAM_TIMEOUT_MS?: string
  /** 8x8's static webhook `Authorization` value, and the next one during a rotation. */
  readonly WEBHOOK_AUTHORIZATION?: string
  readonly WEBHOOK_AUTHORIZATION_NEXT?: string
  readonly DELIVERY_MAX_ATTEMPTS?: string
  readonly DELIVERY_BACKOFF_BASE_S?: string
  readonly DELIVERY_BACKOFF_CAP_S?: string
  readonly CIRCUIT_THRESHOLD?: string
  readonly CIRCUIT_OPEN_MS?: string
  readonly CIRCUIT_CACHE_MS?: string
  readonly RECONCILE_AFTER_MS?: string
  /** How long an ambiguous asynchronous send waits for a receipt before it is sent again. */
  readonly AMBIGUOUS_RETRY_AFTER_MS?: string
  /** How long an isolate trusts a client key it read from D1 (src/db/key-cache.ts). */
  readonly KEY_CACHE_MS?: string
  /** The bearer token of the admin routes (src/routes/admin.ts); unset, they are off. */
  readonly ADMIN_TOKEN?: string
  /**
   * `off`: no request, queue-message or (without Analytics Engine) metric lines, warnings only
   * (src/observability). For test stacks whose runtime output is read by a busy process.
   */
  readonly LOG_LINES?: string
  /** How long sent messages' records wait in their admission object before one D1 write. */
  readonly RECORD_FLUSH_MS?: string
  /**
   * The `@authority` values (host, `host:port` where the port is not the default) a signature may
   * name, comma-separated; required in production. Unset elsewhere: any authority.
   */
  readonly ALLOWED_AUTHORITIES?: string
  /** Sends per second to one recipient, by default (Meta's pair rate: 1 every 6 s). */
  readonly CONTACT_RATE_PER_SECOND?: string
  /** Sends at once to one recipient, by default (Meta's pair burst: 45). */
  readonly CONTACT_BURST?: string
  /** Stop keywords beside STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT; comma-separated. */
  readonly CONTACT_STOP_KEYWORDS?: string
  /** How long a 1028 receipt (pair rate limit) holds a recipient's sends back. */
  readonly CONTACT_PAIR_BACKOFF_MS?: string
  /**
   * The console's Cloudflare Access team domain (`<team>.cloudflareaccess.com`): set, `/console`
   * takes Access's JWT; unset, only the admin token (and never in production).
   */
  readonly CONSOLE_ACCESS_TEAM_DOMAIN?: string
  /** The Access application's audience tag (`aud`). */
  readonly CONSOLE_ACCESS_AUD?: string
  /** Where Access's signing keys are (default `https://<team domain>/cdn-cgi/access/certs`). */
  readonly CONSOLE_ACCESS_JWKS_URL?: string
  /** The 8x8 account id whose channels' templates are synced (docs/templates.md). */
  readonly CHATAPPS_ACCOUNT_ID?: string
  /**
   * The channels whose templates each sub-account sends, each with its WhatsApp Business
   * Account when known: `<subAccountId>=<channelId>@<wabaId>|<channelId>,<subAccountId>=<channelId>`.
   * Unset: no registry.
   */
  readonly TEMPLATE_CHANNELS?: string
}

const ConfigSchema = v.object({
  environment: v.picklist(['local', 'staging', 'production']),
  apiKey: v.pipe(v.string('CHATAPPS_API_KEY is not set'), v.minLength(1)),
  baseUrl: v.pipe(
    v.string(),
    v.url('CHATAPPS_BASE_URL is not a URL'),
    v.transform((url) => url.replace(/\/+$/, '')),
  ),
  upstreamTimeoutMs: integer(1, MAX_UPSTREAM_TIMEOUT_MS),
  webhookAuthorizations: v.array(v.pipe(v.string(), v.minLength(1))),
  delivery: v.object({
    maxAttempts: integer(1, 50),
    backoffBaseSeconds: integer(1, 3600),
    backoffCapSeconds: integer(1, 43_200),
  }),
  circuit: v.object({ threshold: integer(1, 1000), openMs: integer(1, 3_600_000) }),
  circuitCacheMs: integer(0, 60_000),
  reconcileAfterMs: integer(1_000, 86_400_000),
  ambiguousRetryAfterMs: integer(0, 3_600_000),
  keyCacheMs: integer(0, 300_000),
  recordFlushMs: integer(0, 10_000),
  adminToken: v.optional(v.pipe(v.string(), v.minLength(16, 'ADMIN_TOKEN is too short'))),
  allowedAuthorities: v.optional(AuthoritiesSchema),
  contact: v.object({
    pace: v.object({
      ratePerSecond: v.pipe(
        v.string(),
        v.transform(Number),
        v.number(),
        v.minValue(0.001),
        v.maxValue(1_000_000),
      ),
      burst: integer(1, 1_000_000),
    }),
    stopKeywords: v.pipe(
      v.string(),
      v.transform((text) =>
        text
          .split(',')
          .map((word) => word.replace(/\s+/gu, '').toUpperCase())
          .filter((word) => word !== ''),
      ),
    ),
    pairLimitBackoffMs: integer(0, 86_400_000),
  }),
  templates: v.optional(
    v.object({
      accountId: v.pipe(v.string('CHATAPPS_ACCOUNT_ID is not set'), v.regex(ID)),
      channels: TemplateChannelsSchema,
    }),
  ),
  consoleAccess: v.optional(
    v.object({
      teamDomain: v.pipe(v.string(), v.regex(/^[a-z0-9-]+\.cloudflareaccess\.com$/)),
      audience: v.pipe(v.string(), v.minLength(1)),
      jwksUrl: v.pipe(v.string(), v.url()),
    }),
  ),
})

/** The validated configuration. */
export type Config = v.InferOutput<typeof ConfigSchema> & {
  /** Key ids this deployment refuses whatever D1 says (the development keys, in production). */
  readonly refusedKeyIds: ReadonlySet<string>
}

const cache = new WeakMap<object, Config>()

/** The console's Access settings, when a team domain is set (an audience is then required). */
function consoleAccessOf(env: ConfigVars) {
  const teamDomain = env.CONSOLE_ACCESS_TEAM_DOMAIN
  if (teamDomain === undefined || teamDomain === '') return undefined
  return {
    teamDomain,
    audience: env.CONSOLE_ACCESS_AUD,
    jwksUrl: env.CONSOLE_ACCESS_JWKS_URL ?? `https://${teamDomain}/cdn-cgi/access/certs`,
  }
}

/** The template registry's settings, when channels are named (an account id is then required). */
function templatesOf(env: ConfigVars) {
  const channels = env.TEMPLATE_CHANNELS
  if (channels === undefined || channels.trim() === '') return undefined
  return { accountId: env.CHATAPPS_ACCOUNT_ID, channels }
}

/**
 * Reads and validates the configuration once per `env` object.
 *
 * @throws Error naming the variable that is wrong (never its value).
 */
export function readConfig(env: ConfigVars): Config {
  const cached = cache.get(env)
  if (cached !== undefined) return cached
  const result = v.safeParse(ConfigSchema, {
    environment: env.ENVIRONMENT ?? 'local',
    apiKey: env.CHATAPPS_API_KEY,
    baseUrl: env.CHATAPPS_BASE_URL ?? 'https://chatapps.8x8.com',
    upstreamTimeoutMs: env.UPSTREAM_TIMEOUT_MS ?? '10000',
    webhookAuthorizations: [env.WEBHOOK_AUTHORIZATION, env.WEBHOOK_AUTHORIZATION_NEXT].filter(
      (value) => value !== undefined && value !== '',
    ),
    delivery: {
      maxAttempts: env.DELIVERY_MAX_ATTEMPTS ?? '8',
      backoffBaseSeconds: env.DELIVERY_BACKOFF_BASE_S ?? '1',
      backoffCapSeconds: env.DELIVERY_BACKOFF_CAP_S ?? '300',
    },
    circuit: { threshold: env.CIRCUIT_THRESHOLD ?? '5', openMs: env.CIRCUIT_OPEN_MS ?? '30000' },
    circuitCacheMs: env.CIRCUIT_CACHE_MS ?? '1000',
    reconcileAfterMs: env.RECONCILE_AFTER_MS ?? '600000',
    ambiguousRetryAfterMs: env.AMBIGUOUS_RETRY_AFTER_MS ?? '60000',
    keyCacheMs: env.KEY_CACHE_MS ?? '60000',
    recordFlushMs: env.RECORD_FLUSH_MS ?? '100',
    adminToken: env.ADMIN_TOKEN === '' ? undefined : env.ADMIN_TOKEN,
    allowedAuthorities: env.ALLOWED_AUTHORITIES === '' ? undefined : env.ALLOWED_AUTHORITIES,
    contact: {
      pace: {
        ratePerSecond: env.CONTACT_RATE_PER_SECOND ?? String(1 / 6),
        burst: env.CONTACT_BURST ?? '45',
      },
      stopKeywords: env.CONTACT_STOP_KEYWORDS ?? '',
      pairLimitBackoffMs: env.CONTACT_PAIR_BACKOFF_MS ?? '60000',
    },
    templates: templatesOf(env),
    consoleAccess: consoleAccessOf(env),
  })
  if (!result.success) {
    const names = result.issues.map((issue) => v.getDotPath(issue) ?? '(root)').join(', ')
    throw new Error(`invalid configuration: ${names}`)
  }
  if (
    result.output.environment === 'production' &&
    result.output.adminToken === LOCAL_ADMIN_TOKEN
  ) {
    throw new Error('invalid configuration: adminToken')
  }
  const { environment, allowedAuthorities } = result.output
  // Production names the hosts it serves (docs/gateway-contract.md); staging and production refuse the
  // placeholders of wrangler.jsonc.
  if (
    (environment === 'production' && allowedAuthorities === undefined) ||
    (environment !== 'local' &&
      allowedAuthorities?.some((name) => PLACEHOLDER_AUTHORITY.test(name)) === true)
  ) {
    throw new Error('invalid configuration: allowedAuthorities')
  }
  // A bearer secret outside the local stack: long enough not to be guessed (unset stays allowed:
  // the webhook then answers 503 and logs the fault).
  if (
    environment !== 'local' &&
    result.output.webhookAuthorizations.some(
      (value) => value.length < MIN_WEBHOOK_AUTHORIZATION_LENGTH,
    )
  ) {
    throw new Error('invalid configuration: webhookAuthorizations')
  }
  // The console's Access placeholders of wrangler.jsonc: replace them, or remove both.
  if (
    environment !== 'local' &&
    result.output.consoleAccess?.teamDomain === PLACEHOLDER_ACCESS_TEAM_DOMAIN
  ) {
    throw new Error('invalid configuration: consoleAccess.teamDomain')
  }
  // Access publishes the team's keys on the team domain, over https: keys from anywhere else
  // would let whoever serves them sign in.
  const jwks = result.output.consoleAccess
  if (jwks !== undefined) {
    const url = new URL(jwks.jwksUrl)
    if (url.protocol !== 'https:' || url.host !== jwks.teamDomain) {
      throw new Error('invalid configuration: consoleAccess.jwksUrl')
    }
  }
  const config: Config = {
    ...result.output,
    refusedKeyIds: new Set(result.output.environment === 'production' ? DEVELOPMENT_KEY_IDS : []),
  }
  cache.set(env, config)
  return config
}
