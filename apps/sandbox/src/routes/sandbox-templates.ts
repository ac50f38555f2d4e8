/**
 * The sandbox's control of its template registry, for people and tests (not authenticated, like
 * every `/__sandbox/*` route):
 *
 * - `POST /__sandbox/templates/status` `{ name, language, status, reason?, disableDate?, title?,
 *   description? }`: WhatsApp decides on a template now (approves a pending one, pauses, rejects
 *   with a reason, disables, flags …); the sandbox posts 8x8's `template_status_update` event to
 *   the webhook, as it posts receipts. 200 `{ template, event }` (`event` is the body posted, or
 *   `null` without a webhook); 404 code 1300 for an unknown template; 400 `{ error, issues }`.
 * - `DELETE /__sandbox/templates`: 204, back to the seeded templates (`src/templates/seeds.ts`).
 *
 * @module
 */
import { Hono } from 'hono'
import * as v from 'valibot'
import { readJson } from '../body'
import type { AppEnv } from '../env'
import { ERRORS, errorResponse } from '../errors'
import { Store } from '../store/client'
import { TEMPLATE_STATUSES } from '../templates/item'
import { WHATSAPP_CHANNEL_ID } from '../templates/seeds'

const Text = v.pipe(v.string(), v.minLength(1))

/** What `POST /__sandbox/templates/status` accepts; the status in any case. */
export const StatusRequestSchema = v.strictObject({
  name: Text,
  language: Text,
  status: v.pipe(v.string(), v.toUpperCase(), v.picklist(TEMPLATE_STATUSES)),
  reason: v.exactOptional(Text),
  disableDate: v.exactOptional(Text),
  title: v.exactOptional(Text),
  description: v.exactOptional(Text),
})

export const sandboxTemplates = new Hono<AppEnv>()
  .post('/__sandbox/templates/status', async (c) => {
    const body = await readJson(c)
    const result = v.safeParse(StatusRequestSchema, body?.value)
    if (!result.success) {
      const issues = result.issues.map((issue) => ({
        path: v.getDotPath(issue) ?? '',
        message: issue.message,
      }))
      return c.json({ error: 'invalid template status', issues }, 400)
    }
    const { name, language, status, ...details } = result.output
    const changed = await new Store(c.env).templates.setStatus(
      { channelId: WHATSAPP_CHANNEL_ID, name, language },
      status,
      details,
    )
    if (changed === null) return errorResponse(c, 404, ERRORS.templateNotFound)
    return c.json(changed)
  })
  .delete('/__sandbox/templates', async (c) => {
    await new Store(c.env).templates.reset()
    return c.body(null, 204)
  })
