/**
 * The sandbox's bindings and configuration.
 *
 * - `SANDBOX_API_KEY` (variable or secret): the bearer key callers must send, as they send
 *   8x8's API key. `wrangler.jsonc` sets `sandbox-demo-key` for local development.
 * - `SANDBOX_STORE` (Durable Object namespace): the one `SandboxStore` that keeps what the
 *   sandbox received.
 *
 * @module
 */
import type { SandboxStore } from './store/sandbox-store'

/** The bindings the worker needs. */
export interface Bindings {
  readonly SANDBOX_API_KEY: string
  readonly SANDBOX_STORE: DurableObjectNamespace<SandboxStore>
}

/** The Hono environment of every route. */
export interface AppEnv {
  Bindings: Bindings
}
