import { defineConfig } from 'vitest/config'

// One file: it starts the real stack once (a wrangler build of both workers, then Miniflare).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 240_000,
    teardownTimeout: 30_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
})
