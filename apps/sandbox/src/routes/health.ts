/**
 * `GET /health`: `{ ok: true }` while the worker runs.
 *
 * @module
 */
import { Hono } from 'hono'
import type { AppEnv } from '../env'

export const health = new Hono<AppEnv>().get('/health', (c) => c.json({ ok: true }))
