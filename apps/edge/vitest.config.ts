import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

const path = (relative: string) => new URL(relative, import.meta.url).pathname

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
          UPSTREAM_TIMEOUT_MS: '1000',
          CIRCUIT_THRESHOLD: '3',
          CIRCUIT_OPEN_MS: '1500',
          // An ambiguous asynchronous send waits this long for a receipt before its retry.
          AMBIGUOUS_RETRY_AFTER_MS: '1000',
          // Tests open circuits behind the isolate's back: always ask the object.
          CIRCUIT_CACHE_MS: '0',
          // The pool runs this worker with `no_handle_cross_request_promise_resolution`, which
          // sharing admission calls between requests needs off: each request calls alone here.
          // The shared path runs in workerd with production flags in test-soak (@chatapps/testkit).
          SHARE_ADMISSION_CALLS: 'false',
        },
        serviceBindings: { FAULTY_UPSTREAM: 'fake-8x8' },
        // Client callbacks are the gateway's only global fetch: test/callback-recorder.mjs
        // receives them (and answers tests asking what it recorded).
        outboundService: 'callback-recorder',
        workers: [
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
