/**
 * The optional settings of delivery receipts and faults, read from the bindings and validated.
 * A wrong value is a configuration error: it throws, naming the binding, rather than guessing.
 *
 * @module
 */
import * as v from 'valibot'
import { type Rules, rulesFromVar } from './conversation/rules'

/** 8x8's webhook retry schedule (docs/8x8-facts.md#webhooks): 1, 10, 30 and 90 seconds. */
export const DEFAULT_RETRY_DELAYS_MS = '1000,10000,30000,90000'

/** 8x8's upload limit: a request of at most 100 MB (docs/8x8-facts.md#conversation-endpoints). */
export const UPLOAD_LIMIT = 100 * 1024 * 1024

const Millis = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^\d{1,9}$/, 'must be a whole number of milliseconds'),
  v.transform(Number),
)

const Delays = v.pipe(
  v.string(),
  v.regex(/^\s*(\d{1,9}\s*(,\s*\d{1,9}\s*)*)?$/, 'must be milliseconds separated by commas'),
  v.transform((text) => (text.trim() === '' ? [] : text.split(',').map((part) => Number(part)))),
)

const ConfigSchema = v.object({
  // An empty URL means "no receipts", like an unset one.
  WEBHOOK_URL: v.optional(v.union([v.literal(''), v.pipe(v.string(), v.url('must be a URL'))])),
  WEBHOOK_AUTHORIZATION: v.optional(v.string()),
  RECEIPT_STEP_MS: v.optional(Millis, '500'),
  WEBHOOK_RETRY_DELAYS_MS: v.optional(Delays, DEFAULT_RETRY_DELAYS_MS),
  TIMEOUT_HANG_MS: v.optional(Millis, '30000'),
  UPLOAD_MAX_BYTES: v.optional(Millis, String(UPLOAD_LIMIT)),
  TEMPLATE_REVIEW_MS: v.optional(
    v.union([
      v.pipe(
        v.literal('off'),
        v.transform(() => null),
      ),
      Millis,
    ]),
    '2000',
  ),
})

/** The bindings the settings are read from: a part of the worker's `Bindings` (env.ts). */
export interface SettingsBindings {
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
  /** WhatsApp's rules on by default: `window`, `pair_rate`, `opt_out` or `all`, comma-separated. */
  readonly WHATSAPP_RULES?: string
  /** The largest upload request in bytes (default 8x8's 100 MB; tests lower it). */
  readonly UPLOAD_MAX_BYTES?: string
  /**
   * How long WhatsApp takes to approve a template added through `POST …/templates` (default
   * 2000 ms); `off`: it stays `PENDING` until `POST /__sandbox/templates/status` decides.
   */
  readonly TEMPLATE_REVIEW_MS?: string
}

/** The settings, parsed. */
export interface Config {
  /** Where receipts go, or `null`: then the sandbox sends none. */
  readonly webhookUrl: string | null
  readonly authorization: string | null
  readonly webhook: Fetcher | null
  readonly stepMs: number
  readonly retryDelaysMs: readonly number[]
  readonly timeoutHangMs: number
  /** The rules `WHATSAPP_RULES` switches on (`POST /__sandbox/rules` overrides them). */
  readonly rules: Rules
  readonly uploadMaxBytes: number
  /** Milliseconds until an added template is approved, or `null`: only on demand. */
  readonly templateReviewMs: number | null
}

/** Reads and validates the settings; throws an `Error` naming every wrong binding. */
export function readConfig(env: SettingsBindings): Config {
  const result = v.safeParse(ConfigSchema, env)
  if (!result.success) {
    const issues = result.issues.map((issue) => `${v.getDotPath(issue)}: ${issue.message}`)
    throw new Error(`sandbox: invalid configuration (${issues.join('; ')})`)
  }
  const config = result.output
  return {
    webhookUrl: config.WEBHOOK_URL || null,
    authorization: config.WEBHOOK_AUTHORIZATION ?? null,
    webhook: env.WEBHOOK ?? null,
    stepMs: config.RECEIPT_STEP_MS,
    retryDelaysMs: config.WEBHOOK_RETRY_DELAYS_MS,
    timeoutHangMs: config.TIMEOUT_HANG_MS,
    rules: rulesFromVar(env.WHATSAPP_RULES),
    uploadMaxBytes: config.UPLOAD_MAX_BYTES,
    templateReviewMs: config.TEMPLATE_REVIEW_MS,
  }
}
