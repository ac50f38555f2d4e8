/**
 * 8x8's WhatsApp template management routes, with 8x8's shapes
 * (docs/8x8-facts.md#template-management-and-template-errors):
 *
 * - `GET /api/v1/accounts/{accountId}/channels/{channelId}/templates`: 200 `{ templates: [...] }`,
 *   8x8's items, in registration order.
 * - `POST …/templates`: registers one (`PENDING`, approved after `TEMPLATE_REVIEW_MS` or on
 *   demand); 200 `{}`. A name deleted within 30 days: 409 code 3060.
 * - `DELETE …/templates/{templateName}`: removes every language of that name; 200 `{}`.
 *
 * The bearer key is checked first (index.ts), then the account and the channel: only
 * `SANDBOX_ACCOUNT_ID` and its `WHATSAPP_CHANNEL_ID` exist.
 *
 * @module
 */
import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import * as v from 'valibot'
import { readJson } from '../body'
import { readConfig } from '../config'
import type { AppEnv } from '../env'
import { ERRORS, errorResponse, invalidParameter, templateBeingDeleted } from '../errors'
import { Store } from '../store/client'
import { AddTemplateSchema, languageName } from '../templates/item'
import { SANDBOX_ACCOUNT_ID, WHATSAPP_CHANNEL_ID, WHATSAPP_CHANNEL_NAME } from '../templates/seeds'

const TEMPLATES = '/api/v1/accounts/:accountId/channels/:channelId/templates'

/** 403 code 1201 for another account, 404 code 1300 for a channel the account lacks. */
const checkChannel = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.param('accountId') !== SANDBOX_ACCOUNT_ID) {
    return errorResponse(c, 403, ERRORS.accountForbidden)
  }
  if (c.req.param('channelId') !== WHATSAPP_CHANNEL_ID) {
    return errorResponse(c, 404, ERRORS.channelNotFound)
  }
  await next()
})

const channel = { channelId: WHATSAPP_CHANNEL_ID, channelName: WHATSAPP_CHANNEL_NAME } as const

export const templates = new Hono<AppEnv>()
  .use(TEMPLATES, checkChannel)
  .use(`${TEMPLATES}/*`, checkChannel)
  .get(TEMPLATES, async (c) =>
    c.json({ templates: await new Store(c.env).templates.list(WHATSAPP_CHANNEL_ID) }),
  )
  .post(TEMPLATES, async (c) => {
    const body = await readJson(c)
    if (body === null) return errorResponse(c, 400, ERRORS.invalidJson)
    const result = v.safeParse(AddTemplateSchema, body.value)
    if (!result.success) {
      return errorResponse(c, 400, invalidParameter(v.getDotPath(result.issues[0]) ?? ''))
    }
    const { templateReviewMs } = readConfig(c.env)
    const added = await new Store(c.env).templates.add(channel, result.output, templateReviewMs)
    if (added.outcome === 'deleted') {
      return errorResponse(c, 409, templateBeingDeleted(languageName(result.output.language)))
    }
    if (added.outcome === 'exists') return errorResponse(c, 400, ERRORS.templateExists)
    return c.json({})
  })
  .delete(`${TEMPLATES}/:templateName`, async (c) => {
    const deleted = await new Store(c.env).templates.delete(
      WHATSAPP_CHANNEL_ID,
      c.req.param('templateName'),
    )
    if (!deleted) return errorResponse(c, 404, ERRORS.templateNotFound)
    return c.json({})
  })
