/**
 * Reading a request body as JSON, keeping the exact text.
 *
 * @module
 */
import type { JsonValue } from '@chatapps/dsl'
import type { Context } from 'hono'

/** The body's text and its value, or `null` when it is not JSON. */
export interface JsonBody {
  readonly raw: string
  readonly value: JsonValue
}

/** Reads the body; `null` when it is empty or not valid JSON. */
export async function readJson(c: Context): Promise<JsonBody | null> {
  const raw = await c.req.text()
  try {
    return { raw, value: JSON.parse(raw) as JsonValue }
  } catch {
    return null
  }
}
