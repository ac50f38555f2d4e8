import { describe, expect, it } from 'vitest'
import { signBytes } from '../src/algorithms'
import { toBase64 } from '../src/base64'
import { contentDigest } from '../src/digest'
import { importPrivateKey } from '../src/keys'
import { signRequest } from '../src/sign'
import { componentValue } from '../src/signature-base'
import {
  BODY,
  ED_KEY_ID,
  ED25519_PRIVATE,
  ED25519_PUBLIC,
  keyOptions,
  NONCE,
  NOW,
  POST_COMPONENTS,
  post,
  verify,
  withChanges,
} from './helpers'

const malformed = { ok: false, status: 401, code: 'signature_malformed' } as const
const invalid = { ok: false, status: 401, code: 'signature_invalid' } as const

const COMPONENTS = POST_COMPONENTS.map((name) => `"${name}"`).join(' ')
const TAIL = `nonce="${NONCE}";keyid="${ED_KEY_ID}";alg="ed25519";tag="chatapps-v1"`

/**
 * Signs a POST over `signed` as its `"@signature-params"` line, written out here by hand (not by
 * the package under test), and sends `sent` (default: the same text) as the `sig1` member.
 */
async function signOver(signed: string, sent: string = signed): Promise<Request> {
  const request = post()
  const headers = new Headers(request.headers)
  headers.set('content-digest', await contentDigest(new TextEncoder().encode(BODY)))
  const unsigned = new Request(request.url, { method: 'POST', headers, body: BODY })
  const lines = POST_COMPONENTS.map((name) => `"${name}": ${componentValue(unsigned, name)}`)
  const base = [...lines, `"@signature-params": ${signed}`].join('\n')
  const signature = await signBytes('ed25519', await importPrivateKey(ED25519_PRIVATE), base)
  return withChanges(unsigned, {
    headers: {
      'signature-input': `sig1=${sent}`,
      signature: `sig1=:${toBase64(signature)}:`,
    },
  })
}

describe('created and expires are Structured Field Integers (RFC 8941 §3.3.1)', () => {
  it.each([
    ['created', `created=${NOW}.0;expires=${NOW + 120}`],
    ['expires', `created=${NOW};expires=${NOW + 120}.000`],
    ['both', `created=${NOW}.5;expires=${NOW + 120}.0`],
    ['a negative created', `created=-${NOW};expires=${NOW + 120}`],
  ])('a decimal or signed %s is signature_malformed, even when signed over', async (_, times) => {
    const params = `(${COMPONENTS});${times};${TAIL}`
    expect(await verify(await signOver(params))).toStrictEqual(malformed)
  })

  it.each([
    `created=1.79e9;expires=${NOW + 120}`,
    `created=+${NOW};expires=${NOW + 120}`,
    `created=${NOW};expires=0x6AB1`,
    `created=${NOW};expires="${NOW + 120}"`,
    `created=${NOW};expires=1234567890123456`,
  ])('%s is signature_malformed', async (times) => {
    const params = `(${COMPONENTS});${times};${TAIL}`
    expect(await verify(await signOver(params))).toStrictEqual(malformed)
  })

  it('a signature over expires=N does not verify a header carrying expires=N.0', async () => {
    const signed = `(${COMPONENTS});created=${NOW};expires=${NOW + 120};${TAIL}`
    const sent = `(${COMPONENTS});created=${NOW};expires=${NOW + 120}.0;${TAIL}`
    expect(await verify(await signOver(signed, sent))).toStrictEqual(malformed)
  })
})

describe('the "@signature-params" line is the received member, verbatim (RFC 9421 §2.3, §3.2)', () => {
  const spaced = `(${POST_COMPONENTS.map((name) => `"${name}"`).join('  ')});created=${NOW}; expires=${NOW + 120};  ${TAIL}`
  const normalised = `(${COMPONENTS});created=${NOW};expires=${NOW + 120};${TAIL}`

  it('a signature over the member as written, with its own spacing, verifies', async () => {
    const result = await verify(await signOver(spaced))
    expect(result).toMatchObject({ ok: true, keyId: ED_KEY_ID, created: NOW, expires: NOW + 120 })
  })

  it('a signature over the re-serialised parameters does not verify the spaced member', async () => {
    expect(await verify(await signOver(normalised, spaced))).toStrictEqual(invalid)
  })

  it('parameters in another order are signed in that order', async () => {
    const reordered = `(${COMPONENTS});${TAIL};expires=${NOW + 120};created=${NOW}`
    expect(await verify(await signOver(reordered))).toMatchObject({ ok: true })
    expect(await verify(await signOver(normalised, reordered))).toStrictEqual(invalid)
  })

  it('signRequest writes the member it signed over', async () => {
    const signed = await signRequest(post(), keyOptions())
    expect(signed.headers.get('signature-input')).toBe(`sig1=${normalised}`)
    expect(await verify(signed)).toMatchObject({
      ok: true,
      keyRecord: { alg: 'ed25519', key: ED25519_PUBLIC },
    })
  })
})
