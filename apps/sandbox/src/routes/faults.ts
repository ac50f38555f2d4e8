/**
 * The fault plan, for tests and people: `POST /__sandbox/faults` replaces it (and resets its
 * counters), `GET` shows it with what was injected, `DELETE` removes it. Not authenticated, like
 * every `/__sandbox/*` route.
 *
 * @module
 */
import { Hono } from 'hono'
import * as v from 'valibot'
import type { AppEnv } from '../env'
import type { FaultState } from '../faults/decide'
import { FaultPlanSchema } from '../faults/schema'
import { isObject } from '../records'
import { Store } from '../store/client'

/** What GET and POST answer: the plan, the faults injected by kind, the send requests seen. */
function view(state: FaultState) {
  return { plan: state.plan, injected: state.injected, requests: state.requests }
}

/** One problem of a refused plan: where (a dot path, `''` for the body) and what. */
export interface PlanIssue {
  readonly path: string
  readonly message: string
}

function parseJson(raw: string): { value: unknown } | null {
  try {
    return { value: JSON.parse(raw) as unknown }
  } catch {
    return null
  }
}

export const faults = new Hono<AppEnv>()
  .get('/__sandbox/faults', async (c) => c.json(view(await new Store(c.env).faults())))
  .post('/__sandbox/faults', async (c) => {
    const body = parseJson(await c.req.text())
    // valibot's object schemas take an array for an object: refuse it here.
    if (body === null || !isObject(body.value)) {
      const message = body === null ? 'The body is not valid JSON' : 'The plan must be an object'
      const issues: PlanIssue[] = [{ path: '', message }]
      return c.json({ error: 'Invalid fault plan', issues }, 400)
    }
    const result = v.safeParse(FaultPlanSchema, body.value)
    if (!result.success) {
      const issues = result.issues.map(
        (issue): PlanIssue => ({ path: v.getDotPath(issue) ?? '', message: issue.message }),
      )
      return c.json({ error: 'Invalid fault plan', issues }, 400)
    }
    return c.json(view(await new Store(c.env).setFaults(result.output)))
  })
  .delete('/__sandbox/faults', async (c) => {
    await new Store(c.env).clearFaults()
    return c.body(null, 204)
  })
