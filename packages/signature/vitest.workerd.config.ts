import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

// The same suite inside workerd (the Workers runtime), because Node and workerd differ on
// malformed signatures (workerd issue 4554). No wrangler config: no bindings are needed.
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
    provide: { runtime: 'workerd' },
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/workerd.json' },
  },
})
