/**
 * The Hono app: the configuration for every request, the routes, and the problem answers of
 * errors and unknown routes. Each route file reads as its pipeline (README "The map").
 *
 * @module
 */
import { Hono } from 'hono'
import type { AppEnv } from './bindings'
import { readConfig } from './config'
import { consoleApp } from './console/routes'
import { drainUnreadBody } from './http/drain'
import { requestLog } from './observability/request-log'
import { notFound, onError } from './problems'
import { admin } from './routes/admin'
import { batch } from './routes/batch'
import { cancelMessage } from './routes/cancel'
import { batches } from './routes/cancel-batch'
import { contacts } from './routes/contacts'
import { files } from './routes/files'
import { health } from './routes/health'
import { inbound } from './routes/inbound'
import { lineNotifications } from './routes/line-notifications'
import { messages } from './routes/messages'
import { problems } from './routes/problems'
import { reference } from './routes/reference'
import { templates } from './routes/templates'
import { webhooks } from './routes/webhooks'

/** The gateway's HTTP side. */
export const app = new Hono<AppEnv>()

// First: one log line and metric per request (src/observability), its trace and its timings.
app.use(requestLog)
// Then: it sees every answer (errors too) and reads what a refusal left of the body.
app.use(drainUnreadBody)
app.use(async (c, next) => {
  c.set('config', readConfig(c.env))
  await next()
})
app.route('/health', health)
app.route('/', reference)
app.route('/problems', problems)
app.route('/v1/messages/batch', batch)
app.route('/v1/messages', cancelMessage)
app.route('/v1/messages', messages)
app.route('/v1/line-notifications', lineNotifications)
app.route('/v1/webhooks/chatapps', webhooks)
app.route('/admin', admin)
app.route('/console', consoleApp)
app.route('/v1/contacts', contacts)
app.route('/v1/templates', templates)
// 8x8's conversation API.
app.route('/v1/inbound', inbound)
app.route('/v1/batches', batches)
app.route('/v1/files', files)
app.notFound(notFound)
app.onError(onError)
