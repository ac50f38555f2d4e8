import { fileURLToPath } from 'node:url'
import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

// Tests run inside workerd with the bindings of wrangler.jsonc (the SQLite Durable Object and
// SANDBOX_API_KEY); the worker itself is `main`, reached through `exports.default.fetch()`.
// Receipts go to `test/webhook-recorder.mjs`, an auxiliary worker bound as the `WEBHOOK` service,
// with short delays so that the receipts and faults tests take well under a second each.
const recorderScript = fileURLToPath(new URL('./test/webhook-recorder.mjs', import.meta.url))

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.jsonc' },
      miniflare: {
        bindings: {
          WEBHOOK_URL: 'http://webhook.test/v1/webhooks/chatapps',
          WEBHOOK_AUTHORIZATION: 'Bearer test-webhook-secret',
          RECEIPT_STEP_MS: '40',
          WEBHOOK_RETRY_DELAYS_MS: '100,200,300',
          TIMEOUT_HANG_MS: '300',
          // Small enough that a test can go over it (8x8's is 100 MB).
          UPLOAD_MAX_BYTES: '4096',
          // Added templates stay PENDING until a test decides (no race with a review timer).
          TEMPLATE_REVIEW_MS: 'off',
        },
        serviceBindings: { WEBHOOK: 'webhook-recorder' },
        workers: [
          {
            name: 'webhook-recorder',
            modules: true,
            scriptPath: recorderScript,
            compatibilityDate: '2026-05-03',
          },
        ],
      },
    }),
  ],
  test: {
    // Generous: CI runs every suite at once on two shared cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    include: ['test/**/*.test.ts'],
    // The files share the one store and clear it before each test: run them one after another.
    fileParallelism: false,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
})
