/**
 * The sandbox's bindings and configuration.
 *
 * - `SANDBOX_API_KEY` (variable or secret): the bearer key callers must send, as they send
 *   8x8's API key. `wrangler.jsonc` sets `sandbox-demo-key` for local development.
 * - `SANDBOX_STORE` (Durable Object namespace): the one `SandboxStore` that keeps what the
 *   sandbox received and the delivery receipts it still has to send.
 * - The delivery receipts and faults settings (`WEBHOOK_URL`, `WEBHOOK_AUTHORIZATION`, `WEBHOOK`,
 *   `RECEIPT_STEP_MS`, `WEBHOOK_RETRY_DELAYS_MS`, `TIMEOUT_HANG_MS`) and the template review
 *   delay (`TEMPLATE_REVIEW_MS`), all optional: see
 *   {@link ./config.ts} for their meaning, defaults and validation.
 *
 * @module
 */
import type { SettingsBindings } from './config'
import type { SandboxStore } from './store/sandbox-store'

/** The bindings the worker needs: the key, the store, and the optional settings of config.ts. */
export interface Bindings extends SettingsBindings {
  readonly SANDBOX_API_KEY: string
  readonly SANDBOX_STORE: DurableObjectNamespace<SandboxStore>
}

/** The Hono environment of every route. */
export interface AppEnv {
  Bindings: Bindings
}
