import { defineConfig } from 'vitest/config'

// The operator's command-line tools, in Node (they drive wrangler, not the worker).
export default defineConfig({
  test: {
    // Generous: CI runs every suite at once on two shared cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    name: 'node',
    include: ['test-node/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/keys.json' },
  },
})
