/**
 * `pnpm bench`: signRequest and verifyRequest operations per second for both algorithms, each next
 * to a bare WebCrypto sign or verify of the same signature base (the floor), as ratios. Ratios,
 * not absolutes: these machines are shared and noisy.
 */
import { Bench } from 'tinybench'
import { importPrivateKey, importPublicKey, importSecret } from '../src/keys'
import type { SignatureAlgorithm } from '../src/profile'
import { signRequest } from '../src/sign'
import { createSignatureBase } from '../src/signature-base'
import { readSignatureFields } from '../src/signature-fields'
import { type KeyRecord, verifyRequest } from '../src/verify'

const ED25519_PRIVATE = 'MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF'
const ED25519_PUBLIC = 'MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs='
const HMAC_SECRET =
  'uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ=='
const TARGET = 'https://edge.example.com/v1/messages?channel=whatsapp'
const BODY = JSON.stringify({
  user: { msisdn: '+15551234567' },
  type: 'text',
  content: { text: 'Your appointment is confirmed for Monday, Oct 9 at 9:00 AM.' },
})

function unsignedRequest(): Request {
  return new Request(TARGET, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': '"0b5f2c7e-3d1a-4c5e-9a8e-2f6d1c0b9a77"',
    },
    body: BODY,
  })
}

interface Setup {
  readonly alg: SignatureAlgorithm
  readonly signKey: CryptoKey
  readonly record: KeyRecord & { key: CryptoKey }
  readonly signed: { readonly headers: Headers }
  readonly base: Uint8Array<ArrayBuffer>
  readonly signature: Uint8Array<ArrayBuffer>
}

async function setup(alg: SignatureAlgorithm): Promise<Setup> {
  const signKey =
    alg === 'ed25519' ? await importPrivateKey(ED25519_PRIVATE) : await importSecret(HMAC_SECRET)
  const verifyKey = alg === 'ed25519' ? await importPublicKey(ED25519_PUBLIC) : signKey
  const created = Math.floor(Date.now() / 1000)
  const signed = await signRequest(unsignedRequest(), {
    keyId: 'bench',
    alg,
    key: signKey,
    created,
  })
  const fields = readSignatureFields(signed.headers)
  if (!('components' in fields)) throw new Error('the signed request does not read back')
  const base = createSignatureBase(signed, fields.components, fields.params)
  if (base === undefined) throw new Error('no signature base')
  const algorithm = alg === 'ed25519' ? 'Ed25519' : 'HMAC'
  const bytes = new TextEncoder().encode(base)
  const signature = new Uint8Array(await crypto.subtle.sign(algorithm, signKey, bytes))
  return { alg, signKey, record: { alg, key: verifyKey }, signed, base: bytes, signature }
}

const setups = [await setup('ed25519'), await setup('hmac-sha256')]
let sink = 0
const bench = new Bench({ time: 1000, warmupTime: 200 })
for (const s of setups) {
  const algorithm = s.alg === 'ed25519' ? 'Ed25519' : 'HMAC'
  const now = Math.floor(Date.now() / 1000)
  const lookupKey = async () => s.record
  bench
    .add(`${s.alg}: bare subtle.sign of the base`, async () => {
      sink += (await crypto.subtle.sign(algorithm, s.signKey, s.base)).byteLength
    })
    .add(`${s.alg}: bare subtle.digest of the body + subtle.sign of the base`, async () => {
      await crypto.subtle.digest('SHA-256', new TextEncoder().encode(BODY))
      sink += (await crypto.subtle.sign(algorithm, s.signKey, s.base)).byteLength
    })
    .add(`${s.alg}: signRequest`, async () => {
      const signed = await signRequest(unsignedRequest(), {
        keyId: 'bench',
        alg: s.alg,
        key: s.signKey,
      })
      sink += signed.headers.get('signature')?.length ?? 0
    })
    .add(`${s.alg}: bare subtle.verify of the base`, async () => {
      sink += (await crypto.subtle.verify(algorithm, s.record.key, s.signature, s.base)) ? 1 : 0
    })
    .add(`${s.alg}: bare subtle.digest of the body + subtle.verify of the base`, async () => {
      await crypto.subtle.digest('SHA-256', new TextEncoder().encode(BODY))
      sink += (await crypto.subtle.verify(algorithm, s.record.key, s.signature, s.base)) ? 1 : 0
    })
    .add(`${s.alg}: verifyRequest`, async () => {
      const request = new Request(TARGET, { method: 'POST', headers: s.signed.headers, body: BODY })
      const result = await verifyRequest(request, { lookupKey, now })
      if (!result.ok) throw new Error(`verifyRequest failed: ${result.code}`)
      sink += result.body.byteLength
    })
}

await bench.run()

const hz = (name: string) => {
  const result = bench.tasks.find((task) => task.name === name)?.result
  return result && 'throughput' in result ? result.throughput.mean : Number.NaN
}
const format = (n: number) => Math.round(n).toLocaleString('en-US')
const rows = setups.flatMap(({ alg }) =>
  (['sign', 'verify'] as const).map((op) => {
    const bare = hz(`${alg}: bare subtle.${op} of the base`)
    const crypto = hz(`${alg}: bare subtle.digest of the body + subtle.${op} of the base`)
    const ours = hz(`${alg}: ${op}Request`)
    return {
      operation: `${op}Request, ${alg}`,
      'ops/s': format(ours),
      'floor ops/s': format(bare),
      'ours ÷ floor': (ours / bare).toFixed(3),
      'digest+op ops/s': format(crypto),
      'ours ÷ digest+op': (ours / crypto).toFixed(3),
    }
  }),
)
console.log('\nSigning and verifying a 140-byte JSON POST (higher ops/s is better)\n')
console.table(rows)
console.log(
  'floor = one bare WebCrypto sign or verify of the same signature base, in the same run.\n' +
    'digest+op = the WebCrypto work a profile signature cannot avoid (SHA-256 of the body too).\n' +
    'ours = the whole request: Request construction, body read, Content-Digest,\n' +
    'Structured Field serialise/parse, signature base, sign/verify, freshness and profile checks.\n',
)
void sink
