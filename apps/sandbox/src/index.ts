/**
 * `chatapps-sandbox`: a worker that behaves like the 8x8 ChatApps API for local development,
 * demos and tests. See README.md.
 *
 * @module
 */
import { Hono } from 'hono'
import type { AppEnv } from './env'
import { ERRORS, errorResponse } from './errors'
import { inbox } from './inbox'
import { faults } from './routes/faults'
import { health } from './routes/health'
import { messages } from './routes/messages'
import { sandbox } from './routes/sandbox'

const app = new Hono<AppEnv>()
  .route('/', health)
  .route('/', messages)
  .route('/', sandbox)
  .route('/', faults)
  .route('/', inbox)

app.notFound((c) => errorResponse(c, 404, ERRORS.routeNotFound))
app.onError((error, c) => {
  console.error('sandbox: unhandled error', error)
  return errorResponse(c, 500, ERRORS.internal)
})

export { SandboxStore } from './store/sandbox-store'
export default app
