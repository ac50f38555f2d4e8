import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// The end-to-end suite: the real gateway and sandbox in Miniflare on loopback (global-setup.ts),
// driven by the client and by the CLI as a child process. Bounded in time; files run one by one
// because they share the sandbox's record of what it received.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: 'e2e',
    include: ['test-e2e/**/*.e2e.test.ts'],
    globalSetup: ['test-e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
    teardownTimeout: 30_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/e2e.json' },
  },
})
