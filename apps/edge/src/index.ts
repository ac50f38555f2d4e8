/**
 * The chatapps edge gateway: wiring only.
 *
 * @module
 */
import { Hono } from 'hono'
import { type AppEnv, readConfig } from './env'
import { notFound, onError } from './errors'
import { batch } from './routes/batch'
import { health } from './routes/health'
import { messages } from './routes/messages'
import { reference } from './routes/reference'

export { Admission } from './admission'

const app = new Hono<AppEnv>()

app.use(async (c, next) => {
  c.set('config', readConfig(c.env))
  await next()
})
app.route('/health', health)
app.route('/', reference)
app.route('/v1/messages/batch', batch)
app.route('/v1/messages', messages)
app.notFound(notFound)
app.onError(onError)

export default app
