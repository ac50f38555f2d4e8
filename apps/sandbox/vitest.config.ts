import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

// Tests run inside workerd with the bindings of wrangler.jsonc (the SQLite Durable Object and
// SANDBOX_API_KEY); the worker itself is `main`, reached through `exports.default.fetch()`.
export default defineConfig({
  plugins: [cloudflareTest({ wrangler: { configPath: './wrangler.jsonc' } })],
  test: {
    include: ['test/**/*.test.ts'],
    // The files share the one store and clear it before each test: run them one after another.
    fileParallelism: false,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
})
