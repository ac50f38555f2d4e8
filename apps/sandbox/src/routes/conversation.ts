/**
 * 8x8's conversation endpoints under `/api/v1/subaccounts/{subAccountId}` (docs/8x8-facts.md#conversation-endpoints):
 *
 * - `POST …/messages/{umid}/read`: marks a user's message read (blue ticks on their side); 200.
 * - `POST …/events` `{channel, type: "typing", umid}`: shows the business typing to the user who
 *   sent that message, only within 2 hours of it; 200.
 * - `DELETE …/messages/{umid}` and `DELETE …/messages/batch/{batchId}`: cancel scheduled
 *   messages that have not happened yet; 200 `{cancelledCount}`.
 *
 * Authentication and the sub-account check run before (index.ts).
 *
 * @module
 */
import { Hono } from 'hono'
import * as v from 'valibot'
import { readJson } from '../body'
import type { AppEnv } from '../env'
import { ERRORS, errorResponse, invalidParameter } from '../errors'
import { Store } from '../store/client'

const PREFIX = '/api/v1/subaccounts/:subAccountId'

/** How long after a user's message the business may still show typing (8x8: 2 hours). */
export const TYPING_MAX_AGE_MS = 2 * 60 * 60 * 1000

const isUuid = (value: string) => v.is(v.pipe(v.string(), v.uuid()), value)

const TypingSchema = v.object({
  channel: v.picklist(['whatsapp', 'rcs']),
  type: v.literal('typing'),
  umid: v.pipe(v.string(), v.uuid()),
})

export const conversation = new Hono<AppEnv>()
  .post(`${PREFIX}/messages/:umid/read`, async (c) => {
    const umid = c.req.param('umid')
    if (!isUuid(umid)) return errorResponse(c, 400, ERRORS.invalidUmid)
    const store = new Store(c.env)
    const inbound = await store.inbound(umid)
    if (inbound === null || inbound.subAccountId !== c.req.param('subAccountId')) {
      return errorResponse(c, 404, ERRORS.notFound)
    }
    await store.markInbound(umid, 'read', Date.now())
    return c.body(null, 200)
  })
  .post(`${PREFIX}/events`, async (c) => {
    const body = await readJson(c)
    if (body === null) return errorResponse(c, 400, ERRORS.invalidJson)
    const result = v.safeParse(TypingSchema, body.value)
    if (!result.success) {
      const path = v.getDotPath(result.issues[0]) ?? ''
      return errorResponse(c, 400, path === 'umid' ? ERRORS.invalidUmid : invalidParameter(path))
    }
    const store = new Store(c.env)
    const inbound = await store.inbound(result.output.umid)
    if (inbound === null || inbound.subAccountId !== c.req.param('subAccountId')) {
      return errorResponse(c, 404, ERRORS.notFound)
    }
    const now = Date.now()
    if (now - inbound.at > TYPING_MAX_AGE_MS) return errorResponse(c, 400, ERRORS.typingTooLate)
    await store.markInbound(inbound.umid, 'typing', now)
    return c.body(null, 200)
  })
  .delete(`${PREFIX}/messages/batch/:batchId`, async (c) => {
    const batchId = c.req.param('batchId')
    if (!isUuid(batchId)) return errorResponse(c, 400, ERRORS.invalidBatchId)
    const store = new Store(c.env)
    const batch = await store.batchUmids(batchId)
    if (batch === null || batch.subAccountId !== c.req.param('subAccountId')) {
      return errorResponse(c, 404, ERRORS.notFound)
    }
    return c.json({ cancelledCount: await store.cancel(batch.umids, Date.now()) })
  })
  .delete(`${PREFIX}/messages/:umid`, async (c) => {
    const umid = c.req.param('umid')
    if (!isUuid(umid)) return errorResponse(c, 400, ERRORS.invalidUmid)
    const store = new Store(c.env)
    const record = await store.message(umid)
    if (record === null || record.subAccountId !== c.req.param('subAccountId')) {
      return errorResponse(c, 404, ERRORS.notFound)
    }
    return c.json({ cancelledCount: await store.cancel([umid], Date.now()) })
  })
