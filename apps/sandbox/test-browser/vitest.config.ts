import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// The browser suite: the real gateway and sandbox (@chatapps/testkit) in Miniflare on loopback,
// and Debian's Chromium driven by playwright-core. Plain Node; bounded in time.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: 'browser',
    environment: 'node',
    include: ['test-browser/**/*.browser.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest-browser.json' },
  },
})
