/**
 * Prints the worked example of docs/signing.md: the exact Content-Digest, signature bases and
 * signature fields that `@chatapps/signature` produces for fixed inputs, with the public
 * development keys of signing.md (RFC 9421 Appendix B.1.4 and B.1.5).
 *
 *   pnpm exec tsx docs/scripts/signing-example.ts
 *
 * `packages/signature/test/docs-example.test.ts` checks that docs/signing.md holds exactly these
 * values.
 */
import { signRequest, verifyRequest } from '../../packages/signature/src/index'

/** The fixed inputs of the example (docs/signing.md shows them as the `inputs` block). */
export const INPUTS = {
  url: 'https://edge.example.com/v1/messages',
  getUrl: 'https://edge.example.com/v1/messages/5b0e2d3c-7a41-4f0e-9d2b-6c8a1e3f4b5a',
  contentType: 'application/json',
  body: '{"user":{"msisdn":"+15551234567"},"type":"text","content":{"text":"Hello from chatapps"}}',
  idempotencyKey: '0b5f2c7e-3d1a-4c5e-9a8e-2f6d1c0b9a77',
  created: 1790000000,
  expires: 1790000300,
  nonce: 'Zr3Q0m6k1v9wT2cXyL8aBQ',
  ed25519: {
    keyId: 'test-key-ed25519',
    privateKey: 'MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF',
    publicKey: 'MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=',
  },
  hmac: {
    keyId: 'test-shared-secret',
    secret:
      'uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ==',
  },
} as const

const LABEL = 'sig1'

function base(request: Request, components: readonly string[], signatureInput: string): string {
  const url = new URL(request.url)
  const value = (name: string): string => {
    if (name === '@method') return request.method
    if (name === '@authority') return url.host
    if (name === '@path') return url.pathname
    if (name === '@query') return url.search === '' ? '?' : url.search
    return (request.headers.get(name) ?? '').trim()
  }
  const params = signatureInput.slice(`${LABEL}=`.length)
  return [
    ...components.map((name) => `"${name}": ${value(name)}`),
    `"@signature-params": ${params}`,
  ].join('\n')
}

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))
}

/** Verifies `Signature: sig1=:…:` over `base` with bare WebCrypto and the example's keys. */
async function verifyBase(alg: 'ed25519' | 'hmac-sha256', base: string, signature: string) {
  const bytes = bytesOf(signature.slice(`${LABEL}=:`.length, -1))
  const data = new TextEncoder().encode(base)
  if (alg === 'ed25519') {
    const key = await crypto.subtle.importKey(
      'spki',
      bytesOf(INPUTS.ed25519.publicKey),
      { name: 'Ed25519' },
      false,
      ['verify'],
    )
    return crypto.subtle.verify({ name: 'Ed25519' }, key, bytes, data)
  }
  const key = await crypto.subtle.importKey(
    'raw',
    bytesOf(INPUTS.hmac.secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  )
  return crypto.subtle.verify({ name: 'HMAC' }, key, bytes, data)
}

/** One signed request of the example. */
export interface SignedExample {
  readonly contentDigest: string | null
  readonly idempotencyKey: string | null
  readonly signatureBase: string
  readonly signatureInput: string
  readonly signature: string
}

async function example(
  alg: 'ed25519' | 'hmac-sha256',
  method: 'POST' | 'GET',
): Promise<SignedExample> {
  const withBody = method === 'POST'
  const request = withBody
    ? new Request(INPUTS.url, {
        method,
        headers: {
          'content-type': INPUTS.contentType,
          'idempotency-key': `"${INPUTS.idempotencyKey}"`,
        },
        body: INPUTS.body,
      })
    : new Request(INPUTS.getUrl, { method })
  const key = alg === 'ed25519' ? INPUTS.ed25519 : INPUTS.hmac
  const signed = await signRequest(request, {
    keyId: key.keyId,
    alg,
    key: 'privateKey' in key ? key.privateKey : key.secret,
    created: INPUTS.created,
    expires: INPUTS.expires,
    nonce: INPUTS.nonce,
  })
  const signatureInput = signed.headers.get('signature-input') ?? ''
  const components = withBody
    ? [
        '@method',
        '@authority',
        '@path',
        '@query',
        'content-type',
        'content-digest',
        'idempotency-key',
      ]
    : ['@method', '@authority', '@path', '@query']
  const result: SignedExample = {
    contentDigest: signed.headers.get('content-digest'),
    idempotencyKey: signed.headers.get('idempotency-key'),
    signatureBase: base(signed, components, signatureInput),
    signatureInput,
    signature: signed.headers.get('signature') ?? '',
  }
  // The example must verify, at its own `created`, with the public half of the key.
  const verified = await verifyRequest(signed.clone(), {
    now: INPUTS.created,
    lookupKey: async () =>
      alg === 'ed25519' ? { alg, key: INPUTS.ed25519.publicKey } : { alg, key: INPUTS.hmac.secret },
  })
  if (!verified.ok)
    throw new Error(`the ${alg} ${method} example does not verify: ${verified.code}`)
  // And the base shown is the one signed: bare WebCrypto over its bytes, as another client would.
  if (!(await verifyBase(alg, result.signatureBase, result.signature))) {
    throw new Error(`the ${alg} ${method} signature base is not the one signed`)
  }
  return result
}

/** Every value of the worked example. */
export async function signingExample() {
  return {
    ed25519: await example('ed25519', 'POST'),
    hmac: await example('hmac-sha256', 'POST'),
    get: await example('ed25519', 'GET'),
  }
}

const isMain =
  process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))
if (isMain) {
  const values = await signingExample()
  for (const [name, value] of Object.entries(values)) {
    console.log(`\n===== ${name} =====`)
    if (value.contentDigest !== null) console.log(`Content-Digest: ${value.contentDigest}`)
    if (value.idempotencyKey !== null) console.log(`Idempotency-Key: ${value.idempotencyKey}`)
    console.log(`Signature-Input: ${value.signatureInput}`)
    console.log(`Signature: ${value.signature}`)
    console.log('--- signature base ---')
    console.log(value.signatureBase)
  }
}
