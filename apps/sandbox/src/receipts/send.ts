/**
 * POSTing one receipt to the webhook, and running several sends at once within a bound.
 *
 * @module
 */
import type { Config } from '../config'

/** 8x8 wants a webhook answer within 5 s (docs/8x8-facts.md#webhooks); so does the sandbox. */
export const WEBHOOK_TIMEOUT_MS = 5000

/** How many receipts are in flight at once, at most (a worker's connection limit is 6). */
export const SEND_CONCURRENCY = 6

/** How one POST went: `ok` for a 2xx answer; `status` is `null` after a network error. */
export interface PostOutcome {
  readonly ok: boolean
  readonly status: number | null
  readonly error: string | null
}

/** POSTs a receipt body to `WEBHOOK_URL`, through the `WEBHOOK` service when it is bound. */
export async function postReceipt(config: Config, url: string, body: string): Promise<PostOutcome> {
  const init: RequestInit = {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(config.authorization !== null && { Authorization: config.authorization }),
    },
    body,
    signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
  }
  try {
    const response = await (config.webhook ? config.webhook.fetch(url, init) : fetch(url, init))
    // The answer's body is not needed; cancelling it frees the connection.
    await response.body?.cancel()
    return { ok: response.ok, status: response.status, error: null }
  } catch (error) {
    return {
      ok: false,
      status: null,
      error: error instanceof Error ? error.message : String(error),
    }
  }
}

/** Runs `task` over `items`, at most `limit` at a time; resolves when all are done. */
export async function eachBounded<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  const lane = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) await task(items[i] as T)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
}
