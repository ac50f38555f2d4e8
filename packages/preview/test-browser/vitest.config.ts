import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// The browser suite: previews in Debian's Chromium, driven by playwright-core. Plain Node.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: 'browser',
    environment: 'node',
    include: ['test-browser/**/*.browser.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest-browser.json' },
  },
})
