import { fileURLToPath } from 'node:url'
import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

// How another worker's tests include the sandbox: the bundle of `pnpm build`
// (`wrangler deploy --dry-run --outdir dist`) as an auxiliary worker, reached through a service
// binding. This config checks exactly that recipe; `pnpm test:service` builds first.
const sandboxScript = fileURLToPath(new URL('./dist/index.js', import.meta.url))

export default defineConfig({
  plugins: [
    cloudflareTest({
      miniflare: {
        compatibilityDate: '2026-05-03',
        serviceBindings: { SANDBOX: 'chatapps-sandbox' },
        workers: [
          {
            name: 'chatapps-sandbox',
            modules: true,
            scriptPath: sandboxScript,
            compatibilityDate: '2026-05-03',
            bindings: { SANDBOX_API_KEY: 'sandbox-demo-key' },
            durableObjects: { SANDBOX_STORE: { className: 'SandboxStore', useSQLite: true } },
          },
        ],
      },
    }),
  ],
  test: {
    // Generous: CI runs every suite at once on two shared cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    include: ['test-service/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest-service.json' },
  },
})
