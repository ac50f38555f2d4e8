/**
 * Shared fixtures: the RFC 9421 Appendix B development keys (signing.md), a fixed clock, and
 * helpers that sign exactly what a test wants, so each test isolates one rule of the profile.
 */

import { type Parameters, serializeDictionary } from 'structured-headers'
import { signBytes } from '../src/algorithms'
import { contentDigest } from '../src/digest'
import { importPrivateKey, importSecret } from '../src/keys'
import type { SignatureAlgorithm } from '../src/profile'
import { createSignatureBase } from '../src/signature-base'
import { type KeyRecord, type VerifyOptions, verifyRequest } from '../src/verify'

/** RFC 9421 B.1.4 (`test-key-ed25519`), public key, SPKI base64. */
export const ED25519_PUBLIC = 'MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs='
/** RFC 9421 B.1.4 (`test-key-ed25519`), private key, PKCS#8 base64. */
export const ED25519_PRIVATE = 'MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF'
/** RFC 9421 B.1.5 (`test-shared-secret`), raw secret, base64. */
export const HMAC_SECRET =
  'uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ=='

export const ED_KEY_ID = 'test-key-ed25519'
export const HMAC_KEY_ID = 'test-shared-secret'

/** The fixed "now" of every test, Unix seconds. */
export const NOW = 1_790_000_000
export const NONCE = 'Zr3Q0m6k1v9wT2cXyL8aBQ'
export const IDEMPOTENCY_KEY = '0b5f2c7e-3d1a-4c5e-9a8e-2f6d1c0b9a77'
export const URL_POST = 'https://edge.example.com/v1/messages?channel=whatsapp'
export const BODY = '{"to":"+15550100","text":"hi"}'

export const RECORDS: Readonly<Record<string, KeyRecord>> = {
  [ED_KEY_ID]: { alg: 'ed25519', key: ED25519_PUBLIC },
  [HMAC_KEY_ID]: { alg: 'hmac-sha256', key: HMAC_SECRET },
}

export const lookupKey = async (keyId: string): Promise<KeyRecord | null> => RECORDS[keyId] ?? null

/** Verifies at the fixed clock with the development keys. */
export function verify(request: Request, options: Partial<VerifyOptions> = {}) {
  return verifyRequest(request, { lookupKey, now: NOW, ...options })
}

/** A POST to the gateway with a JSON body, a Content-Type and an Idempotency-Key. */
export function post(headers: Record<string, string> = {}, body: string = BODY): Request {
  return new Request(URL_POST, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': `"${IDEMPOTENCY_KEY}"`,
      ...headers,
    },
    body,
  })
}

/** Signing options with the development key of an algorithm, at the fixed clock. */
export function keyOptions(alg: SignatureAlgorithm = 'ed25519') {
  return {
    keyId: alg === 'ed25519' ? ED_KEY_ID : HMAC_KEY_ID,
    alg,
    key: alg === 'ed25519' ? ED25519_PRIVATE : HMAC_SECRET,
    created: NOW,
    expires: NOW + 120,
    nonce: NONCE,
  } as const
}

/** The default profile parameters, in the order signRequest writes them. */
export function profileParams(overrides: Record<string, string | number | undefined> = {}) {
  const values: Record<string, string | number | undefined> = {
    created: NOW,
    expires: NOW + 120,
    nonce: NONCE,
    keyid: ED_KEY_ID,
    alg: 'ed25519',
    tag: 'chatapps-v1',
    ...overrides,
  }
  const params: Parameters = new Map()
  for (const [name, value] of Object.entries(values))
    if (value !== undefined) params.set(name, value)
  return params
}

export interface CustomSignature {
  readonly components?: readonly string[]
  readonly params?: Parameters
  readonly label?: string
  readonly alg?: SignatureAlgorithm
  /** Changes the signature bytes after signing. */
  readonly tamper?: (signature: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>
}

export const POST_COMPONENTS = [
  '@method',
  '@authority',
  '@path',
  '@query',
  'content-type',
  'content-digest',
  'idempotency-key',
] as const

/**
 * Signs a request with any components and parameters, bypassing the profile, so a test can
 * produce a signature that is valid for its base but breaks one rule. Adds Content-Digest for a
 * body. The signature is over exactly what is sent.
 */
export async function signCustom(request: Request, custom: CustomSignature = {}): Promise<Request> {
  const alg = custom.alg ?? 'ed25519'
  const key =
    alg === 'ed25519' ? await importPrivateKey(ED25519_PRIVATE) : await importSecret(HMAC_SECRET)
  const headers = new Headers(request.headers)
  const body = request.body === null ? null : new Uint8Array(await request.arrayBuffer())
  if (body !== null && !headers.has('content-digest')) {
    headers.set('content-digest', await contentDigest(body))
  }
  const components = custom.components ?? POST_COMPONENTS
  const params =
    custom.params ?? profileParams({ alg, keyid: alg === 'ed25519' ? ED_KEY_ID : HMAC_KEY_ID })
  const unsigned = new Request(request, { headers, body })
  const base = createSignatureBase(unsigned, components, params)
  if (base === undefined) throw new Error('test request lacks a covered component')
  const signature = await signBytes(alg, key, base)
  const label = custom.label ?? 'sig1'
  const items = components.map((name): [string, Parameters] => [name, new Map()])
  headers.set('signature-input', serializeDictionary(new Map([[label, [items, params]]])))
  const bytes = custom.tamper ? custom.tamper(signature) : signature
  headers.set('signature', serializeDictionary(new Map([[label, [bytes, new Map()]]])))
  return new Request(unsigned, { headers })
}

/** Rebuilds a request with some headers changed (`null` deletes), keeping or replacing the body. */
export async function withChanges(
  request: Request,
  changes: { headers?: Record<string, string | null>; body?: BodyInit | null; url?: string } = {},
): Promise<Request> {
  const headers = new Headers(request.headers)
  for (const [name, value] of Object.entries(changes.headers ?? {})) {
    if (value === null) headers.delete(name)
    else headers.set(name, value)
  }
  const body =
    changes.body !== undefined
      ? changes.body
      : request.body === null
        ? null
        : new Uint8Array(await request.arrayBuffer())
  return new Request(changes.url ?? request.url, { method: request.method, headers, body })
}
