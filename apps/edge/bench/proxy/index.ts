/**
 * The benchmark's baseline (issue 4): a bare, unsigned Hono proxy that forwards the body untouched
 * to the same sandbox endpoint as the gateway, with the bearer key. No signature, admission,
 * parsing or validation: what any gateway costs at least.
 */
import { Hono } from 'hono'

interface Env {
  /** The service binding to the sandbox. */
  readonly UPSTREAM: { fetch(url: string, init: RequestInit): Promise<Response> }
  readonly CHATAPPS_API_KEY: string
}

const app = new Hono<{ Bindings: Env }>()

app.post('/v1/messages', (c) =>
  c.env.UPSTREAM.fetch('http://127.0.0.1:8788/api/v1/subaccounts/demo-subaccount/messages', {
    method: 'POST',
    headers: {
      authorization: `Bearer ${c.env.CHATAPPS_API_KEY}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: c.req.raw.body,
  }),
)

export default app
