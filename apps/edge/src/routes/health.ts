/**
 * `GET /health`: liveness, unsigned.
 *
 * @module
 */
import { Hono } from 'hono'
import type { AppEnv } from '../bindings'
import { methodNotAllowed } from '../http/method-not-allowed'

export const health = new Hono<AppEnv>()

health.get('/', (c) => c.json({ status: 'ok' }, 200))
health.all('/', methodNotAllowed('GET, HEAD'))
