import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    hookTimeout: 60_000,
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Property tests run thousands of cases; CI runs every suite at once on two cores.
    testTimeout: 60_000,
    // Type tests (`*.test-d.ts`) run under the type checker; an unused @ts-expect-error fails.
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
})
