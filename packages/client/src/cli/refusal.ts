/**
 * What to do about a refusal the gateway keeps coarse on purpose (401: signing.md), from what the
 * CLI knows it sent; a 403 with the `keys add` that allows it; and a gateway nobody answers for.
 *
 * @module
 */
import { createPrivateKey, createPublicKey } from 'node:crypto'
import type { ChatappsError } from '../errors'
import type { Session } from './session'

/** The gateway refuses a signature `created` further than this from its clock (signing.md). */
export const MAX_SKEW_SECONDS = 300

/** The public key (SPKI base64) of the configured Ed25519 private key. */
function publicKeyOf(privateKey: string): string | undefined {
  try {
    const key = createPrivateKey({
      key: Buffer.from(privateKey, 'base64'),
      format: 'der',
      type: 'pkcs8',
    })
    return createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64')
  } catch {
    return undefined
  }
}

/** The skew between this machine and the gateway, as a sentence, and whether it is the cause. */
function clockLine(session: Session): { text: string; cause: boolean } {
  const reading = session.clock()
  if (reading === undefined) {
    return {
      text: `the gateway sent no Date header to compare with: check this machine's clock (date -u)`,
      cause: false,
    }
  }
  const skew = reading.created - reading.gateway
  const at = new Date(reading.gateway * 1000).toISOString()
  if (Math.abs(skew) <= 5) {
    return {
      text: `this machine and the gateway (Date: ${at}) agree within 5 s: not this`,
      cause: false,
    }
  }
  const side = skew > 0 ? 'ahead of' : 'behind'
  const cause = Math.abs(skew) > MAX_SKEW_SECONDS || skew > 60
  return {
    text:
      `this machine's clock is ${Math.abs(skew)} s ${side} the gateway's (Date: ${at})` +
      (cause ? ': THIS IS THE CAUSE; set the clock (NTP), then send again' : ''),
    cause,
  }
}

/** `pnpm keys list` with the target flags a deployed gateway needs. */
const KEYS_LIST = 'pnpm keys list (add --remote --env production for a deployed gateway)'

/**
 * The likely causes of a 401, most likely first, each with how to check it.
 *
 * @example
 * explain401(error, session)
 * // 'The gateway refused the signature; it does not say why (on purpose). Likely causes, …'
 */
export function explain401(error: ChatappsError, session: Session): string {
  const { keyId, alg, baseUrl } = session.connection
  const clock = clockLine(session)
  const publicKey = alg === 'ed25519' ? publicKeyOf(session.connection.key) : undefined
  const registered =
    publicKey === undefined
      ? `both sides must hold the same secret: the one registered with pnpm keys add ${keyId} --alg hmac-sha256 --key … is your CHATAPPS_KEY / --key`
      : `the gateway must hold the PUBLIC key of your private key, ${publicKey}; register it with\n` +
        `     pnpm keys add ${keyId} --alg ed25519 --key ${publicKey} --sub-account <its sub-account>`
  const lines = [
    `The gateway refused the signature (${error.status} ${error.code}); it does not say why, on purpose.`,
    ...(clock.cause ? [`Most likely the clock: ${clock.text}.`] : []),
    'Likely causes, most likely first:',
    `  1. the key id "${keyId}" is not registered on ${baseUrl}, or it was revoked.`,
    `     Check: ${KEYS_LIST} shows ${keyId} active.`,
    `  2. private and public key swapped, or another key registered for ${keyId}:`,
    `     ${registered}`,
    `  3. the algorithm differs: you sign with ${alg}.`,
    `     Check: ${KEYS_LIST} shows the alg of ${keyId}; set --alg or CHATAPPS_ALG to match.`,
    `  4. the clocks differ by more than ${MAX_SKEW_SECONDS} s: ${clock.text}.`,
    `  5. @authority differs from the gateway's host: you signed for ${new URL(baseUrl).host}.`,
    '     Check: --base-url is the gateway itself, not a proxy or another name for it.',
  ]
  return lines.join('\n')
}

const MAY_NOT_SEND = /may not send (\w+) messages/
const MAY_NOT_CALL = /may not call ([A-Z]+ \S+?)\.?$/

/**
 * What to change for a 403: the `pnpm keys add` that lets the key send this type or call this
 * route (add replaces the key's row, so it repeats the key's other settings).
 */
export function explain403(error: ChatappsError, session: Session): string {
  const { keyId, alg, key } = session.connection
  const keyFlag = alg === 'ed25519' ? (publicKeyOf(key) ?? '<its public key>') : '<the same secret>'
  const add = `pnpm keys add ${keyId} --alg ${alg} --key ${keyFlag} --sub-account <its sub-account>`
  const type = MAY_NOT_SEND.exec(error.detail ?? '')?.[1]
  const route = MAY_NOT_CALL.exec(error.detail ?? '')?.[1]
  const change =
    type !== undefined
      ? `--types <its types>,${type}`
      : route !== undefined
        ? `--routes "<its routes>,${route}"`
        : undefined
  if (change === undefined) return `The gateway refused this key (${error.status} ${error.code}).`
  return [
    `The key ${keyId} is not allowed this${type === undefined ? ` route (${route})` : ` message type (${type})`}. Allow it (as the operator):`,
    `  ${add} ${change}`,
    `  ${KEYS_LIST} shows its sub-account, types and routes; add replaces the key with what you give.`,
  ].join('\n')
}

/** Whether a network failure was a refused connection (nothing listens at the address). */
export function isConnectionRefused(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown }
  if (code === 'ECONNREFUSED') return true
  if (Array.isArray(errors) && errors.some((inner) => isConnectionRefused(inner, depth + 1))) {
    return true
  }
  return isConnectionRefused(cause, depth + 1)
}

/** The explanation for a failure, or undefined when its one-line description says enough. */
export function explainFailure(error: ChatappsError, session: Session): string | undefined {
  if (error.status === 401) return explain401(error, session)
  if (error.status === 403) return explain403(error, session)
  if (error.source === 'network' && isConnectionRefused(error.cause)) {
    return `Nothing answers at ${session.connection.baseUrl} (connection refused): is the gateway running there? Locally: pnpm start. Otherwise check --base-url / CHATAPPS_BASE_URL.`
  }
  return undefined
}
