import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

const path = (relative: string) => new URL(relative, import.meta.url).pathname

/** The variables the gateway runs with in this suite, whichever worker runs it. */
const variables = {
  UPSTREAM_TIMEOUT_MS: '1000',
  CIRCUIT_THRESHOLD: '3',
  CIRCUIT_OPEN_MS: '1500',
  // An ambiguous asynchronous send waits this long for a receipt before its retry.
  AMBIGUOUS_RETRY_AFTER_MS: '1000',
  // Tests open circuits behind the isolate's back: always ask the object.
  CIRCUIT_CACHE_MS: '0',
  // Existing tests send many messages to one recipient: the default pacing (Meta's pair rate)
  // would refuse them. Pacing tests use keys with their own (client_keys.contact_*).
  CONTACT_RATE_PER_SECOND: '100000',
  CONTACT_BURST: '100000',
  CONTACT_STOP_KEYWORDS: 'arret, stopp, arrêt',
  CONTACT_PAIR_BACKOFF_MS: '3000',
  // The sandbox's seeded template registry (docs/templates.md), for the sub-account of
  // test/templates.test.ts only (other tests' template sends stay unchecked); the sandbox does
  // not know wa-channel-unknown, so unsynced-subaccount never syncs.
  CHATAPPS_ACCOUNT_ID: 'sandbox-account',
  TEMPLATE_CHANNELS: 'templates-subaccount=wa-channel-1,unsynced-subaccount=wa-channel-unknown',
}

/**
 * The built gateway's Cloudflare Access settings; the tests read them as `TEST_GATEWAY_ACCESS` and
 * set the keys its JWKS (test/callback-recorder.mjs) serves.
 */
const GATEWAY_ACCESS = {
  teamDomain: 'gateway-test.cloudflareaccess.com',
  audience: 'gateway-console-aud',
}

/**
 * The gateway as production runs it (`pnpm build:gateway`, production compatibility flags, so
 * that requests of a key share admission calls), as another worker of this Miniflare: the same
 * D1 database and queues, and the test runner's own Durable Objects, which tests inspect through
 * `env`. `send()` and `sendFaulty()` (test/helpers.ts) reach it; `UPSTREAM` is the sandbox or the
 * fault-injecting fake.
 */
function gateway(name: string, upstream: string) {
  return {
    name,
    modules: true,
    scriptPath: path('./.wrangler/gateway/index.js'),
    compatibilityDate: '2026-05-03',
    bindings: {
      ...variables,
      ENVIRONMENT: 'local',
      CHATAPPS_BASE_URL: 'http://127.0.0.1:8788',
      CHATAPPS_API_KEY: 'sandbox-demo-key',
      WEBHOOK_AUTHORIZATION: 'Bearer sandbox-webhook-secret',
      ADMIN_TOKEN: 'local-admin-token-not-secret',
      // The console behind Access too (test/console.test.ts): its JWKS is test/callback-recorder.mjs.
      CONSOLE_ACCESS_TEAM_DOMAIN: GATEWAY_ACCESS.teamDomain,
      CONSOLE_ACCESS_AUD: GATEWAY_ACCESS.audience,
    },
    d1Databases: { DB: '00000000-0000-0000-0000-000000000000' },
    durableObjects: {
      ADMISSION: { className: 'Admission', scriptName: RUNNER },
      CIRCUIT: { className: 'Circuit', scriptName: RUNNER },
      CONTACT: { className: 'Contact', scriptName: RUNNER },
    },
    queueProducers: {
      DELIVERY: { queueName: 'chatapps-delivery' },
      DELIVERY_DLQ: { queueName: 'chatapps-delivery-dlq' },
      CALLBACKS: { queueName: 'chatapps-callbacks' },
    },
    serviceBindings: { UPSTREAM: upstream },
    outboundService: 'callback-recorder',
    // Its console lines reach the tests through test/log-recorder.mjs.
    tails: ['log-recorder'],
  }
}

/** The test runner's worker name (`test.name` below), which owns the Durable Objects. */
const RUNNER = 'vitest-pool-workers-runner-edge'

// Tests run inside workerd against real D1 (migrated in test/setup.ts), real Durable Objects, real
// Queues and the real sandbox (apps/sandbox, bundled by `pnpm build:sandbox` into .wrangler/sandbox),
// which the UPSTREAM service binding of wrangler.jsonc reaches as `chatapps-sandbox`. Here the
// sandbox sends no receipts (no WEBHOOK_URL), so records stay as the gateway wrote them; the soak
// test (vitest.soak.config.ts) runs with receipts and the sandbox's faults. Answers the sandbox
// does not give (any 8x8 status, for the outcome classes) come from test/fake-8x8.mjs, bound as
// FAULTY_UPSTREAM and swapped in by the tests that need it.
export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: './wrangler.jsonc' },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations(path('./migrations')),
          TEST_GATEWAY_ACCESS: GATEWAY_ACCESS,
          ...variables,
        },
        serviceBindings: {
          FAULTY_UPSTREAM: 'fake-8x8',
          GATEWAY: 'gateway',
          FAULTY_GATEWAY: 'gateway-faulty',
          LOG_RECORDER: 'log-recorder',
        },
        // Client callbacks are the gateway's only global fetch: test/callback-recorder.mjs
        // receives them (and answers tests asking what it recorded).
        outboundService: 'callback-recorder',
        workers: [
          gateway('gateway', 'chatapps-sandbox'),
          gateway('gateway-faulty', 'fake-8x8'),
          {
            name: 'chatapps-sandbox',
            modules: true,
            scriptPath: path('./.wrangler/sandbox/index.js'),
            compatibilityDate: '2026-05-03',
            bindings: { SANDBOX_API_KEY: 'sandbox-demo-key' },
            durableObjects: { SANDBOX_STORE: { className: 'SandboxStore', useSQLite: true } },
          },
          {
            name: 'fake-8x8',
            modules: true,
            scriptPath: path('./test/fake-8x8.mjs'),
            compatibilityDate: '2026-05-03',
          },
          {
            name: 'log-recorder',
            modules: true,
            scriptPath: path('./test/log-recorder.mjs'),
            compatibilityDate: '2026-05-03',
          },
          {
            name: 'callback-recorder',
            modules: true,
            scriptPath: path('./test/callback-recorder.mjs'),
            compatibilityDate: '2026-05-03',
          },
        ],
      },
    })),
  ],
  test: {
    // Generous: CI runs every suite at once on two shared cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Names the runner worker `vitest-pool-workers-runner-edge`: the sandbox reaches the
    // gateway's webhook through a service binding to it.
    name: 'edge',
    include: ['test/**/*.test.ts'],
    setupFiles: ['./test/setup.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
})
