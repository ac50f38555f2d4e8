import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    hookTimeout: 60_000,
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Property tests run many cases; CI runs every suite at once on two cores.
    testTimeout: 60_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
})
