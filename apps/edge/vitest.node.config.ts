import { defineConfig } from 'vitest/config'

// The operator's command-line tools, in Node (they drive wrangler, not the worker).
export default defineConfig({
  test: {
    name: 'node',
    include: ['test-node/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/keys.json' },
  },
})
