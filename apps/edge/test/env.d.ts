import type { D1Migration } from 'cloudflare:test'

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[]
      /** The built gateway's Cloudflare Access settings (vitest.config.ts). */
      TEST_GATEWAY_ACCESS: { teamDomain: string; audience: string }
      UPSTREAM_TIMEOUT_MS: string
    }
  }
}
