/**
 * The sandbox's bindings and configuration.
 *
 * - `SANDBOX_API_KEY` (variable or secret): the bearer key callers must send, as they send
 *   8x8's API key. `wrangler.jsonc` sets `sandbox-demo-key` for local development.
 * - `SANDBOX_STORE` (Durable Object namespace): the one `SandboxStore` that keeps what the
 *   sandbox received and the delivery receipts it still has to send.
 * - The delivery receipts and faults settings (`WEBHOOK_URL`, `WEBHOOK_AUTHORIZATION`, `WEBHOOK`,
 *   `RECEIPT_STEP_MS`, `WEBHOOK_RETRY_DELAYS_MS`, `TIMEOUT_HANG_MS`), all optional: see
 *   {@link ./config.ts} for their meaning, defaults and validation.
 *
 * @module
 */
import type { SandboxStore } from './store/sandbox-store'

/** The bindings the worker needs. */
export interface Bindings {
  readonly SANDBOX_API_KEY: string
  readonly SANDBOX_STORE: DurableObjectNamespace<SandboxStore>
  /** Where delivery receipts are POSTed; no receipts when unset or empty. */
  readonly WEBHOOK_URL?: string
  /** Sent verbatim as `Authorization` with every receipt (8x8's `httpAuthorization`). */
  readonly WEBHOOK_AUTHORIZATION?: string
  /** When bound, receipts go through this service instead of the global `fetch`. */
  readonly WEBHOOK?: Fetcher
  /** Milliseconds between one receipt and the next of the same message (default 500). */
  readonly RECEIPT_STEP_MS?: string
  /** Comma-separated retry delays of a failed receipt (default 8x8's `1000,10000,30000,90000`). */
  readonly WEBHOOK_RETRY_DELAYS_MS?: string
  /** How long a `timeout` fault hangs before its 504 (default 30000). */
  readonly TIMEOUT_HANG_MS?: string
}

/** The Hono environment of every route. */
export interface AppEnv {
  Bindings: Bindings
}
