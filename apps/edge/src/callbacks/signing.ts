/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): `webhook-signature` is
 * `v1,` + base64(HMAC-SHA256(secret, `${id}.${timestamp}.${body}`)), where the secret is the
 * base64 after `whsec_`.
 *
 * @module
 */

const PREFIX = 'whsec_'
const encoder = new TextEncoder()

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text)
  return Uint8Array.from(binary, (char) => char.charCodeAt(0))
}

function toBase64(bytes: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)))
}

/**
 * The headers of one callback attempt.
 *
 * @param secret `whsec_…`.
 * @param timestamp Seconds since the epoch, the attempt's.
 * @throws Error when the secret is not `whsec_` and base64 (never showing it).
 */
export async function signCallback(
  secret: string,
  webhookId: string,
  timestamp: number,
  body: string,
): Promise<Record<string, string>> {
  if (!secret.startsWith(PREFIX)) throw new Error('callback secret is not whsec_')
  let raw: Uint8Array<ArrayBuffer>
  try {
    raw = fromBase64(secret.slice(PREFIX.length))
  } catch {
    throw new Error('callback secret is not base64')
  }
  const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ])
  const mac = await crypto.subtle.sign(
    'HMAC',
    key,
    encoder.encode(`${webhookId}.${timestamp}.${body}`),
  )
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': `v1,${toBase64(mac)}`,
  }
}
