import { defineConfig } from 'vitest/config'

// The suite in plain Node. The same files run inside workerd through vitest.workerd.config.ts.
export default defineConfig({
  test: {
    // Generous: CI runs every suite at once on two shared cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    name: 'node',
    include: ['test/**/*.test.ts'],
    provide: { runtime: 'node' },
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/node.json' },
  },
})
