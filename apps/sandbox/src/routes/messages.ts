/**
 * 8x8's send and details routes: `POST …/messages`, `POST …/messages/batch` and
 * `GET …/messages/{umid}` under `/api/v1/subaccounts/{subAccountId}` (authenticated and the
 * sub-account checked first, in index.ts). The two sends go through
 * the fault plan ({@link ../faults/middleware.ts}) once authenticated, before their body is read.
 *
 * @module
 */
import { safeParseBatch, safeParseMessage } from '@chatapps/dsl'
import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import { readJson } from '../body'
import type { AppEnv } from '../env'
import { ERRORS, errorResponse, messageIssueCode } from '../errors'
import { injectFaults } from '../faults/middleware'
import { detailsOf, type JsonObject, queuedRecord, sendResultOf } from '../records'
import { Store } from '../store/client'
import { WHATSAPP_CHANNEL_ID } from '../templates/seeds'
import { isWhatsAppTemplate, templateVerdict } from '../templates/verdict'
import { batchOutcome } from './batch'

/** `subAccountId` as 8x8's OpenAPI document constrains it. */
export const SUB_ACCOUNT_ID = /^[A-Za-z0-9\-._&]{3,50}$/

const PREFIX = '/api/v1/subaccounts/:subAccountId'

/** A 400 code 1001 for a `subAccountId` of the wrong form. */
export const checkSubAccount = createMiddleware<AppEnv>(async (c, next) => {
  if (!SUB_ACCOUNT_ID.test(c.req.param('subAccountId') ?? '')) {
    return errorResponse(c, 400, ERRORS.illegalSubAccountId)
  }
  await next()
})

export const messages = new Hono<AppEnv>()
  .post(`${PREFIX}/messages`, injectFaults, async (c) => {
    const subAccountId = c.req.param('subAccountId')
    const receivedAt = new Date().toISOString()
    const body = await readJson(c)
    if (body === null) return errorResponse(c, 400, ERRORS.invalidJson)
    const result = safeParseMessage(body.value)
    if (!result.success) {
      const [issue] = result.issues
      return errorResponse(c, 400, messageIssueCode(issue, issue.path, issue.path))
    }
    const store = new Store(c.env)
    const sent = result.output as unknown as JsonObject
    const known = isWhatsAppTemplate(sent) ? await store.templates.known(WHATSAPP_CHANNEL_ID) : []
    const verdict = templateVerdict(sent, known)
    if (verdict.kind === 'refused') return errorResponse(c, 400, verdict.error)
    const umid = crypto.randomUUID()
    const queued = queuedRecord(result.output, { umid, subAccountId, at: receivedAt })
    const message = verdict.kind === 'fails' ? { ...queued, failure: verdict.failure } : queued
    await store.record({
      kind: 'message',
      subAccountId,
      receivedAt,
      raw: body.raw,
      umid,
      message,
    })
    return c.json(sendResultOf(message))
  })
  .post(`${PREFIX}/messages/batch`, injectFaults, async (c) => {
    const subAccountId = c.req.param('subAccountId')
    const receivedAt = new Date().toISOString()
    const body = await readJson(c)
    if (body === null) return errorResponse(c, 400, ERRORS.invalidJson)
    const store = new Store(c.env)
    const known = await store.templates.known(WHATSAPP_CHANNEL_ID)
    const parsed = safeParseBatch(body.value)
    const outcome = batchOutcome(body.value, parsed, { subAccountId, at: receivedAt, known })
    if (outcome.kind === 'error') return errorResponse(c, 400, outcome.error)
    const { batchId, records, response } = outcome
    await store.record({
      kind: 'batch',
      subAccountId,
      receivedAt,
      raw: body.raw,
      batchId,
      messages: records,
    })
    return c.json(response)
  })
  .get(`${PREFIX}/messages/:umid`, async (c) => {
    const record = await new Store(c.env).message(c.req.param('umid'))
    if (record === null || record.subAccountId !== c.req.param('subAccountId')) {
      return errorResponse(c, 404, ERRORS.notFound)
    }
    // One entry per fallback step 8x8 tried, `step` its attempt number (§1.6).
    const steps = record.steps ?? [record]
    return c.json({ data: steps.map((step, k) => detailsOf(step, k + 1)) })
  })
