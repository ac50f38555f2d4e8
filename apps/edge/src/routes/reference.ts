/**
 * `GET /openapi.json` and `GET /docs`: the OpenAPI 3.1 document and its reference page, unsigned;
 * `GET /` redirects to `/docs`.
 *
 * @module
 */
import { Hono } from 'hono'
import type { AppEnv } from '../bindings'
import { methodNotAllowed } from '../http/method-not-allowed'
import { openApiDocument } from '../openapi/document'
import { renderDocs } from '../openapi/html'

/** The routes, mounted at the root. */
export const reference = new Hono<AppEnv>()

let page: string | undefined

// The root has nothing of its own: a person who opens the gateway's address lands on its reference.
reference.get('/', (c) => c.redirect('/docs', 302))
reference.get('/openapi.json', (c) => c.json(openApiDocument(), 200))
reference.all('/openapi.json', methodNotAllowed('GET, HEAD'))
reference.get('/docs', (c) => {
  page ??= renderDocs(openApiDocument())
  return c.html(page, 200, {
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  })
})
reference.all('/docs', methodNotAllowed('GET, HEAD'))
