/**
 * `chatapps-sandbox`: a worker that behaves like the 8x8 ChatApps API for local development,
 * demos and tests. See README.md.
 *
 * @module
 */
import { Hono } from 'hono'
import { bearerAuth } from './auth'
import type { AppEnv } from './env'
import { ERRORS, errorResponse } from './errors'
import { inbox } from './inbox'
import { conversation } from './routes/conversation'
import { customer } from './routes/customer'
import { faults } from './routes/faults'
import { files } from './routes/files'
import { health } from './routes/health'
import { lineNotifications } from './routes/line-notifications'
import { checkSubAccount, messages } from './routes/messages'
import { sandbox } from './routes/sandbox'
import { sandboxTemplates } from './routes/sandbox-templates'
import { templates } from './routes/templates'

const app = new Hono<AppEnv>()
  .route('/', health)
  // Every 8x8 route: the bearer key first, then the sub-account's form.
  .use('/api/v1/subaccounts/:subAccountId/*', bearerAuth, checkSubAccount)
  .use('/api/v1/accounts/*', bearerAuth)
  .route('/', messages)
  .route('/', templates)
  .route('/', lineNotifications)
  .route('/', conversation)
  .route('/', files)
  .route('/', customer)
  .route('/', sandbox)
  .route('/', sandboxTemplates)
  .route('/', faults)
  .route('/', inbox)

app.notFound((c) => errorResponse(c, 404, ERRORS.routeNotFound))
app.onError((error, c) => {
  console.error('sandbox: unhandled error', error)
  return errorResponse(c, 500, ERRORS.internal)
})

export { SandboxStore } from './store/sandbox-store'
export default app
