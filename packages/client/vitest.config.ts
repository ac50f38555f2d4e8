import { defineConfig } from 'vitest/config'

// The library's unit tests and the CLI's in plain Node. The library's run again inside workerd
// through vitest.workerd.config.ts; the end-to-end suite has its own config in test-e2e/.
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
