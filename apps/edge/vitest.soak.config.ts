import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

const path = (relative: string) => new URL(relative, import.meta.url).pathname

// The soak test (issue 5): the gateway with its real queue consumer, D1 and Durable Objects, and
// the real sandbox failing on purpose and sending receipts back to the gateway's webhook through
// a service binding to the runner worker (`vitest-pool-workers-runner-<test.name>`). Timings are
// scaled down so that 2,000 messages settle within a few minutes.
export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: './wrangler.jsonc' },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations(path('./migrations')),
          UPSTREAM_TIMEOUT_MS: '1000',
          DELIVERY_BACKOFF_BASE_S: '1',
          DELIVERY_BACKOFF_CAP_S: '4',
          CIRCUIT_THRESHOLD: process.env.SOAK_THRESHOLD ?? '10',
          CIRCUIT_OPEN_MS: '1000',
          SOAK_MESSAGES: process.env.SOAK_MESSAGES ?? '2000',
          SOAK_RATE: process.env.SOAK_RATE ?? '0.2',
        },
        workers: [
          {
            name: 'chatapps-sandbox',
            modules: true,
            scriptPath: path('./.wrangler/sandbox/index.js'),
            compatibilityDate: '2026-05-03',
            bindings: {
              SANDBOX_API_KEY: 'sandbox-demo-key',
              WEBHOOK_URL: 'http://edge.test/v1/webhooks/chatapps',
              WEBHOOK_AUTHORIZATION: 'Bearer sandbox-webhook-secret',
              RECEIPT_STEP_MS: '50',
              WEBHOOK_RETRY_DELAYS_MS: '200,500,1000,2000',
              TIMEOUT_HANG_MS: '1500',
            },
            serviceBindings: { WEBHOOK: 'vitest-pool-workers-runner-edge-soak' },
            durableObjects: { SANDBOX_STORE: { className: 'SandboxStore', useSQLite: true } },
          },
        ],
      },
    })),
  ],
  test: {
    name: 'edge-soak',
    include: ['test-soak/**/*.test.ts'],
    setupFiles: ['./test/setup.ts'],
    testTimeout: 300_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest-soak.json' },
  },
})
