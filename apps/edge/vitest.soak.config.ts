import { defineConfig } from 'vitest/config'

// The soak test (issue 5) drives the built gateway and the real sandbox in one Miniflare on
// loopback (@chatapps/testkit) from Node: workerd with real D1, Durable Objects and Queues, the
// sandbox failing on purpose and sending receipts to the gateway's webhook. Not the workers pool:
// the pool serialises every request that reaches its runner worker from another worker, so 8,000
// receipts would take most of an hour there.
export default defineConfig({
  test: {
    name: 'edge-soak',
    include: ['test-soak/**/*.test.ts'],
    environment: 'node',
    // Generous: a CI machine running every suite at once has needed over 360 s for the async soak.
    testTimeout: 900_000,
    hookTimeout: 240_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest-soak.json' },
  },
})
