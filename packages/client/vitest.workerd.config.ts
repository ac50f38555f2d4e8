import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

// The library's unit tests inside workerd (the Workers runtime): the client must run there
// unchanged. No wrangler config: no bindings are needed. The CLI's tests (test/cli) and test/node are Node only.
export default defineConfig({
  plugins: [
    cloudflareTest({
      miniflare: { compatibilityDate: '2026-05-03', compatibilityFlags: [] },
    }),
  ],
  test: {
    // Generous: CI runs every suite at once on two shared cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    name: 'workerd',
    include: ['test/**/*.test.ts'],
    exclude: ['test/cli/**', 'test/node/**'],
    provide: { runtime: 'workerd' },
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/workerd.json' },
  },
})
