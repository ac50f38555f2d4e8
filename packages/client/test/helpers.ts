/**
 * A scripted `fetch` that records every request and answers from a list, the development keys of
 * signing.md, and a client wired to both with instant, recorded waits.
 */
import { verifyRequest } from '@chatapps/signature'
import { type ClientOptions, createClient, type FetchLike } from '../src/index'

/** RFC 9421 B.1.4 (`test-key-ed25519`), public key, SPKI base64 (signing.md). */
export const ED25519_PUBLIC = 'MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs='
/** RFC 9421 B.1.4, private key, PKCS#8 base64 (signing.md). */
export const ED25519_PRIVATE = 'MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF'
/** RFC 9421 B.1.5 (`test-shared-secret`), raw secret, base64 (signing.md). */
export const HMAC_SECRET =
  'uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ=='

export const BASE_URL = 'https://edge.test'

/** One scripted answer: a response, an error to throw (a network failure), or a function. */
export type Step = Response | Error | ((request: Request) => Promise<Response> | Response)

export interface Recorded {
  readonly request: Request
  readonly body: string
  readonly signal: AbortSignal | undefined
}

/** A fetch answering each call with the next step; the last step repeats. */
export function scriptedFetch(...steps: Step[]) {
  const calls: Recorded[] = []
  const fetch: FetchLike = async (request, init) => {
    const copy = request.clone()
    calls.push({ request: copy, body: await request.clone().text(), signal: init?.signal })
    const step = steps[Math.min(calls.length - 1, steps.length - 1)]
    if (step === undefined) throw new Error('no step scripted')
    if (step instanceof Error) throw step
    if (step instanceof Response) return step.clone()
    return step(request)
  }
  return { fetch, calls }
}

/** A problem+json answer. */
export function problem(
  status: number,
  code: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return new Response(
    JSON.stringify({
      type: `/problems/${code}`,
      title: code,
      status,
      detail: `${code}!`,
      code,
      ...extra,
    }),
    { status, headers: { 'content-type': 'application/problem+json', ...headers } },
  )
}

/** The gateway's 200 for a sent message. */
export function sentAnswer(id = 'msg-1', headers: Record<string, string> = {}): Response {
  return Response.json(
    {
      id,
      umid: `umid-${id}`,
      clientMessageId: `cmid-${id}`,
      status: { state: 'queued', timestamp: '2026-11-24T20:00:00.000Z' },
    },
    { headers },
  )
}

/** The gateway's 202 for a message it accepted and queued (`Prefer: respond-async`). */
export function acceptedAnswer(id = 'abc', headers: Record<string, string> = {}): Response {
  return Response.json(
    {
      id,
      clientMessageId: `cmid-${id}`,
      umid: null,
      status: { state: 'accepted', timestamp: '2026-11-24T20:00:00.000Z' },
    },
    { status: 202, headers: { location: `/v1/messages/${id}`, ...headers } },
  )
}

/** A client on the scripted fetch whose waits resolve at once and are recorded. */
export function testClient(fetch: FetchLike, options: Partial<ClientOptions> = {}) {
  const sleeps: number[] = []
  const client = createClient({
    baseUrl: BASE_URL,
    keyId: 'test-key-ed25519',
    key: ED25519_PRIVATE,
    fetch,
    retry: {
      sleep: async (ms) => {
        sleeps.push(ms)
      },
      random: () => 0.5,
    },
    ...options,
  })
  return { client, sleeps }
}

/** A parameter of the `sig1` Signature-Input member. */
export function signatureParam(request: Request, name: string): string | undefined {
  const input = request.headers.get('signature-input') ?? ''
  const match = new RegExp(`;${name}=("[^"]*"|\\d+)`).exec(input)
  return match?.[1]?.replace(/^"|"$/g, '')
}

/** Verifies a recorded request with the development keys, as the gateway would. */
export async function verifies(request: Request): Promise<boolean> {
  const result = await verifyRequest(request.clone(), {
    lookupKey: (keyId) =>
      keyId === 'test-key-ed25519'
        ? { alg: 'ed25519', key: ED25519_PUBLIC }
        : keyId === 'test-shared-secret'
          ? { alg: 'hmac-sha256', key: HMAC_SECRET }
          : null,
  })
  return result.ok
}
