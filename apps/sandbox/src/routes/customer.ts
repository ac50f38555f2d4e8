/**
 * The customer's side, for people and tests (not authenticated, like every `/__sandbox/*`
 * route):
 *
 * - `POST /__sandbox/inbound`: a user sends text, a button reply, a list reply or a Flow reply;
 *   the sandbox keeps it and posts 8x8's MO v3 webhook to `WEBHOOK_URL` (with the receipts'
 *   retries). 200 `{ umid, event }`; 400 `{ error, issues }` for a bad body.
 * - `GET /__sandbox/inbound`: the users' messages, oldest first, with when the business marked
 *   each read and last showed typing on it.
 * - `GET`/`POST`/`DELETE /__sandbox/rules`: WhatsApp's rules in force (see
 *   {@link ../conversation/rules.ts}); POST replaces them, DELETE goes back to `WHATSAPP_RULES`.
 *
 * @module
 */
import { Hono } from 'hono'
import * as v from 'valibot'
import { readConfig } from '../config'
import { InboundRequestSchema, inboundEvent } from '../conversation/inbound'
import { RulesSchema, rulesFromBody } from '../conversation/rules'
import type { AppEnv } from '../env'
import { isObject } from '../records'
import { Store } from '../store/client'
import type { InboundRow } from '../store/conversation-table'

/** One problem of a refused body: where (a dot path, `''` for the body) and what. */
interface BodyIssue {
  readonly path: string
  readonly message: string
}

async function objectBody(text: string): Promise<{ value: unknown } | { issue: BodyIssue }> {
  try {
    const value = JSON.parse(text) as unknown
    if (!isObject(value)) return { issue: { path: '', message: 'The body must be an object' } }
    return { value }
  } catch {
    return { issue: { path: '', message: 'The body is not valid JSON' } }
  }
}

const issuesOf = (issues: readonly v.BaseIssue<unknown>[]): BodyIssue[] =>
  issues.map((issue) => ({ path: v.getDotPath(issue) ?? '', message: issue.message }))

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/** An inbound message as `GET /__sandbox/inbound` shows it. */
export function inboundView(row: InboundRow) {
  return {
    umid: row.umid,
    subAccountId: row.subAccountId,
    msisdn: row.msisdn,
    timestamp: iso(row.at),
    readAt: iso(row.readAt),
    typingAt: iso(row.typingAt),
    event: JSON.parse(row.event) as unknown,
  }
}

export const customer = new Hono<AppEnv>()
  .post('/__sandbox/inbound', async (c) => {
    const body = await objectBody(await c.req.text())
    if ('issue' in body)
      return c.json({ error: 'Invalid inbound message', issues: [body.issue] }, 400)
    const result = v.safeParse(InboundRequestSchema, body.value)
    if (!result.success) {
      return c.json({ error: 'Invalid inbound message', issues: issuesOf(result.issues) }, 400)
    }
    const at =
      result.output.timestamp === undefined ? new Date() : new Date(result.output.timestamp)
    const event = inboundEvent(result.output, crypto.randomUUID(), at)
    await new Store(c.env).recordInbound(event)
    return c.json({ umid: event.payload.umid, event })
  })
  .get('/__sandbox/inbound', async (c) => {
    const rows = await new Store(c.env).allInbound()
    return c.json({ messages: rows.map(inboundView) })
  })
  .get('/__sandbox/rules', async (c) => {
    return c.json(await new Store(c.env).rules(readConfig(c.env).rules))
  })
  .post('/__sandbox/rules', async (c) => {
    const body = await objectBody(await c.req.text())
    if ('issue' in body) return c.json({ error: 'Invalid rules', issues: [body.issue] }, 400)
    const result = v.safeParse(RulesSchema, body.value)
    if (!result.success)
      return c.json({ error: 'Invalid rules', issues: issuesOf(result.issues) }, 400)
    const store = new Store(c.env)
    await store.setRules(rulesFromBody(result.output))
    return c.json(await store.rules(readConfig(c.env).rules))
  })
  .delete('/__sandbox/rules', async (c) => {
    await new Store(c.env).setRules(null)
    return c.body(null, 204)
  })
