/**
 * The sandbox's own routes, for people and tests: `GET /__sandbox/messages` lists what was
 * received (oldest first, newest last) with the receipts sent for it, `DELETE /__sandbox/messages`
 * forgets it (receipts included), `GET /__sandbox/receipts` lists every receipt POST in order.
 *
 * Not authenticated: the sandbox is a local development tool listening on loopback. Do not
 * expose it publicly.
 *
 * @module
 */
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { Store } from '../store/client'

export const sandbox = new Hono<AppEnv>()
  .get('/__sandbox/messages', async (c) => c.json({ messages: await new Store(c.env).list() }))
  .delete('/__sandbox/messages', async (c) => {
    await new Store(c.env).clear()
    return c.body(null, 204)
  })
  .get('/__sandbox/receipts', async (c) => c.json({ attempts: await new Store(c.env).attempts() }))
