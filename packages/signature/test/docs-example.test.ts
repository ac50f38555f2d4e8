/**
 * docs/signing.md's worked example is what this package produces: every block marked
 * `<!-- signing-example: name -->` is recomputed from the page's own inputs and compared byte for
 * byte, and each signature is checked against the base shown with bare WebCrypto, the way an
 * implementer in another language would check theirs.
 */
import { parseDictionary } from 'structured-headers'
import { beforeAll, describe, expect, it } from 'vitest'
import { fromBase64 } from '../src/base64'
import { contentDigest } from '../src/digest'
import { signRequest } from '../src/sign'
import { createSignatureBase } from '../src/signature-base'
import { verifyRequest } from '../src/verify'
import { ED_KEY_ID, ED25519_PRIVATE, ED25519_PUBLIC, HMAC_KEY_ID, HMAC_SECRET } from './helpers'

// The page, through Vite's `?raw` import (in both pools); a computed specifier keeps TypeScript
// from resolving it.
const DOC = `${new URL('../../../docs/signing.md', import.meta.url).pathname}?raw`

/** Every marked block the page must hold. */
const NAMES = [
  'inputs',
  'body',
  'content-digest',
  'ed25519-base',
  'ed25519-request',
  'hmac-base',
  'hmac-request',
  'get-base',
  'get-request',
] as const
type Name = (typeof NAMES)[number]

interface Inputs {
  readonly method: 'POST'
  readonly url: string
  readonly contentType: string
  readonly body: string
  readonly idempotencyKey: string
  readonly created: number
  readonly expires: number
  readonly nonce: string
  readonly getUrl: string
}

/** The fenced block after each `<!-- signing-example: name -->`, without its fences. */
function markedBlocks(markdown: string): Map<string, string> {
  const blocks = new Map<string, string>()
  const pattern = /<!-- signing-example: ([a-z0-9-]+) -->\s*\n```[a-z]*\n([\s\S]*?)\n```/g
  for (const [, name = '', content = ''] of markdown.matchAll(pattern)) {
    if (blocks.has(name)) throw new Error(`docs/signing.md marks ${name} twice`)
    blocks.set(name, content)
  }
  return blocks
}

const bytesOf = (base64: string): Uint8Array<ArrayBuffer> => {
  const bytes = fromBase64(base64)
  if (bytes === undefined) throw new Error('not base64')
  return bytes
}

/** Verifies `Signature: sig1=:…:` over a documented base with WebCrypto alone. */
async function verifiesWithWebCrypto(
  alg: 'ed25519' | 'hmac-sha256',
  base: string,
  signatureField: string,
): Promise<boolean> {
  const signature = new Uint8Array(parseDictionary(signatureField).get('sig1')?.[0] as ArrayBuffer)
  const data = new TextEncoder().encode(base)
  if (alg === 'ed25519') {
    const key = await crypto.subtle.importKey(
      'spki',
      bytesOf(ED25519_PUBLIC),
      { name: 'Ed25519' },
      false,
      ['verify'],
    )
    return crypto.subtle.verify({ name: 'Ed25519' }, key, signature, data)
  }
  const key = await crypto.subtle.importKey(
    'raw',
    bytesOf(HMAC_SECRET),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  )
  return crypto.subtle.verify({ name: 'HMAC' }, key, signature, data)
}

/** What the package produces for one request of the example. */
interface Produced {
  readonly signed: Request
  readonly base: string
  readonly request: string
}

async function produce(inputs: Inputs, alg: 'ed25519' | 'hmac-sha256', withBody: boolean) {
  const unsigned = withBody
    ? new Request(inputs.url, {
        method: inputs.method,
        headers: {
          'content-type': inputs.contentType,
          'idempotency-key': `"${inputs.idempotencyKey}"`,
        },
        body: inputs.body,
      })
    : new Request(inputs.getUrl, { method: 'GET' })
  const signed = await signRequest(unsigned, {
    keyId: alg === 'ed25519' ? ED_KEY_ID : HMAC_KEY_ID,
    alg,
    key: alg === 'ed25519' ? ED25519_PRIVATE : HMAC_SECRET,
    created: inputs.created,
    expires: inputs.expires,
    nonce: inputs.nonce,
  })
  const signatureInput = signed.headers.get('signature-input') ?? ''
  const signature = signed.headers.get('signature') ?? ''
  const [components, params] = parseDictionary(signatureInput).get('sig1') as [
    [string, Map<string, unknown>][],
    Map<string, string | number>,
  ]
  const base = createSignatureBase(
    signed,
    components.map(([name]) => name),
    params,
  )
  if (base === undefined) throw new Error('no signature base')
  const url = new URL(signed.url)
  const head = [`${signed.method} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`]
  if (withBody) {
    head.push(
      `Content-Type: ${signed.headers.get('content-type')}`,
      `Content-Digest: ${signed.headers.get('content-digest')}`,
      `Idempotency-Key: ${signed.headers.get('idempotency-key')}`,
    )
  }
  head.push(`Signature-Input: ${signatureInput}`, `Signature: ${signature}`)
  const request = withBody ? `${head.join('\n')}\n\n${inputs.body}` : head.join('\n')
  return { signed, base, request } satisfies Produced
}

describe('docs/signing.md, worked example', () => {
  let markdown: string
  let blocks: Map<string, string>
  let inputs: Inputs
  const block = (name: Name): string => blocks.get(name) ?? ''

  beforeAll(async () => {
    markdown = ((await import(/* @vite-ignore */ DOC)) as { default: string }).default
    blocks = markedBlocks(markdown)
    inputs = JSON.parse(block('inputs')) as Inputs
  })

  it('marks exactly the expected blocks', () => {
    expect([...blocks.keys()].sort()).toEqual([...NAMES].sort())
  })

  it('shows the body of its inputs, and its Content-Digest', async () => {
    expect(block('body')).toBe(inputs.body)
    const bytes = new TextEncoder().encode(inputs.body).byteLength
    expect(markdown).toContain(`The body is the ${bytes} bytes`)
    expect(block('content-digest')).toBe(await contentDigest(inputs.body))
  })

  for (const [name, alg, withBody] of [
    ['ed25519', 'ed25519', true],
    ['hmac', 'hmac-sha256', true],
    ['get', 'ed25519', false],
  ] as const) {
    describe(`${name} (${alg}, ${withBody ? 'POST' : 'GET'})`, () => {
      let produced: Produced
      beforeAll(async () => {
        produced = await produce(inputs, alg, withBody)
      })

      it('shows the signature base the package signs', () => {
        expect(block(`${name}-base`)).toBe(produced.base)
      })

      it('shows the request the package signs, header by header', () => {
        expect(block(`${name}-request`)).toBe(produced.request)
      })

      it('verifies with bare WebCrypto over the base shown', async () => {
        const signature = /^Signature: (.*)$/m.exec(block(`${name}-request`))?.[1] ?? ''
        expect(await verifiesWithWebCrypto(alg, block(`${name}-base`), signature)).toBe(true)
      })

      it('verifies with verifyRequest at its created time', async () => {
        const result = await verifyRequest(produced.signed.clone(), {
          now: inputs.created,
          lookupKey: async () =>
            alg === 'ed25519' ? { alg, key: ED25519_PUBLIC } : { alg, key: HMAC_SECRET },
        })
        expect(result.ok).toBe(true)
      })
    })
  }
})
