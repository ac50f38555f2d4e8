/**
 * The OpenAPI 3.1 document of the gateway, generated from the valibot schemas of `@chatapps/dsl`
 * (so it cannot drift from what the routes validate) and the route list of `./routes`.
 *
 * @module
 */
import { PROBLEMS } from '../problems'
import {
  ANSWER_SCHEMAS,
  problemExamples,
  problemHeaders,
  RESPONSE_HEADERS,
  SIGNATURE_PARAMETERS,
} from './components'
import { messageSchemas } from './json-schema'
import { ROUTES, type RouteDoc } from './routes'

/** The document's shape, as far as the gateway reads it back (the reference page). */
export interface OpenApiDocument {
  readonly openapi: string
  readonly info: { readonly title: string; readonly version: string; readonly description: string }
  readonly paths: Record<string, Record<string, unknown>>
  readonly components: Record<string, Record<string, unknown>>
}

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` })

/** The problem responses of a route, grouped by status, each listing its codes. */
function problemResponses(route: RouteDoc): Record<string, unknown> {
  const byStatus = new Map<number, string[]>()
  for (const problem of route.problems) {
    const status = problem.status ?? PROBLEMS[problem.code].status
    const codes = byStatus.get(status) ?? []
    if (!codes.includes(problem.code)) codes.push(problem.code)
    byStatus.set(status, codes)
  }
  const out: Record<string, unknown> = {}
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[String(status)] = {
      description: codes.map((code) => `\`${code}\``).join(', '),
      // The webhook's and the operator routes' 401 are not about signatures: no Accept-Signature.
      headers: (route.webhook || route.admin) && status === 401 ? {} : problemHeaders(status),
      content: {
        'application/problem+json': {
          schema: {
            allOf: [ref('schemas', 'Problem'), { properties: { code: { enum: codes } } }],
          },
          examples: Object.fromEntries(codes.map((code) => [code, ref('examples', code)])),
        },
      },
    }
  }
  return out
}

/** The 202 of `Prefer: respond-async`. */
function acceptedResponse(accepted: NonNullable<RouteDoc['accepted']>): Record<string, unknown> {
  return {
    description: 'Accepted: recorded and queued (Prefer: respond-async).',
    headers: {
      'Preference-Applied': ref('headers', 'PreferenceApplied'),
      'Idempotency-Replayed': ref('headers', 'IdempotencyReplayed'),
      'Chatapps-Service-Window': ref('headers', 'ChatappsServiceWindow'),
      'Chatapps-Template-Check': ref('headers', 'ChatappsTemplateCheck'),
      ...(accepted.location && { Location: ref('headers', 'Location') }),
    },
    content: { 'application/json': { schema: ref('schemas', accepted.schema) } },
  }
}

function operation(route: RouteDoc): Record<string, unknown> {
  const parameters: unknown[] = []
  for (const [, name] of route.path.matchAll(/\{(\w+)\}/g)) {
    parameters.push({ name, in: 'path', required: true, schema: { type: 'string' } })
  }
  if (route.signed) {
    parameters.push(ref('parameters', 'SignatureInput'), ref('parameters', 'Signature'))
    if (route.method === 'post') {
      parameters.push(ref('parameters', 'ContentDigest'), ref('parameters', 'IdempotencyKey'))
    }
  }
  if (route.accepted !== undefined) parameters.push(ref('parameters', 'Prefer'))
  for (const { name, description, values } of route.query ?? []) {
    const schema = values === undefined ? { type: 'string' } : { enum: values }
    parameters.push({ name, in: 'query', required: false, description, schema })
  }
  const success = {
    description: route.summary,
    ...(route.method === 'post' && {
      headers: {
        'Idempotency-Replayed': ref('headers', 'IdempotencyReplayed'),
        ...(route.accepted !== undefined && {
          'Chatapps-Service-Window': ref('headers', 'ChatappsServiceWindow'),
          'Chatapps-Template-Check': ref('headers', 'ChatappsTemplateCheck'),
        }),
        ...(route.created === true && { Location: ref('headers', 'Location') }),
      },
    }),
    content: { [route.success.mediaType]: { schema: ref('schemas', route.success.schema) } },
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: route.description,
    tags: [route.signed ? 'signed' : route.admin ? 'admin' : 'open'],
    security: route.signed
      ? [{ httpMessageSignature: [] }]
      : route.webhook
        ? [{ webhookAuthorization: [] }]
        : route.admin
          ? [{ adminToken: [] }]
          : [],
    ...(parameters.length > 0 && { parameters }),
    ...(route.body !== undefined && {
      requestBody: {
        required: true,
        content: {
          [route.bodyMediaType ?? 'application/json']: { schema: ref('schemas', route.body) },
        },
      },
    }),
    responses: {
      [route.created === true ? '201' : '200']: success,
      ...(route.accepted !== undefined && { '202': acceptedResponse(route.accepted) }),
      ...problemResponses(route),
    },
  }
}

function build(): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of ROUTES) {
    paths[route.path] = { ...paths[route.path], [route.method]: operation(route) }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'chatapps edge gateway',
      version: '1.0.0',
      description:
        'Signed (RFC 9421), idempotent sending of 8x8 ChatApps messages. Every error is `application/problem+json` (RFC 9457) with a `code`; its `type`, `/problems/<code>`, is a page that explains it.',
    },
    paths,
    components: {
      schemas: { ...messageSchemas(), ...ANSWER_SCHEMAS },
      parameters: SIGNATURE_PARAMETERS,
      headers: RESPONSE_HEADERS,
      examples: problemExamples(),
      securitySchemes: {
        httpMessageSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'Signature',
          description:
            "RFC 9421 HTTP Message Signatures with the caller's key (ed25519 or hmac-sha256); see the Signature-Input, Signature, Content-Digest and Idempotency-Key parameters.",
        },
        adminToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'The operator token (ADMIN_TOKEN). Unset: every /admin route answers 404. docs/deploying.md.',
        },
        webhookAuthorization: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description:
            "The static value configured at 8x8 as the webhook's httpAuthorization (WEBHOOK_AUTHORIZATION).",
        },
      },
    },
  }
}

let cached: OpenApiDocument | undefined

/** The document, built once per isolate. */
export function openApiDocument(): OpenApiDocument {
  cached ??= build()
  return cached
}
