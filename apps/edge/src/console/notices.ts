/**
 * The console's notices after an action: a redirect names a code (`?done=key-added`,
 * `?error=key-taken`), and the page shows the code's fixed sentence. A notice never shows text
 * taken from the URL: a crafted link could otherwise put any sentence on the operator's console
 * ("Revoke key acme-prod now"). An unknown code shows nothing.
 *
 * @module
 */

/** What an action did: the sentence of each `?done=` code. */
export const DONE_NOTICES = {
  replayed: 'Replayed: the chosen dead letters are back in the delivery queue.',
  'replayed-some':
    'Replayed those still dead letters: back in the delivery queue. The others were no longer dead letters.',
  'replayed-none': 'Nothing replayed: none of the chosen messages was still a dead letter.',
  'key-added': 'Added the key.',
  'key-rotated':
    "The new key has the old key's settings; revoke the old key when clients have switched.",
  'key-revoked': 'Revoked the key.',
  'callback-set': 'Callbacks for the key go to the new URL.',
  'callback-removed': 'No callbacks for the key.',
  suppressed: 'Suppressed the recipient.',
  lifted: "Lifted the recipient's suppression.",
  'lifted-fact': 'Lifted that consent fact; the others stay.',
} as const satisfies Record<string, string>

/** What stopped an action: the sentence of each `?error=` code. */
export const ERROR_NOTICES = {
  'key-id-invalid': 'A key id is 1 to 100 of A-Z a-z 0-9 . _ -.',
  'public-key-invalid': 'Not an ed25519 public key (SPKI, base64).',
  'sub-account-invalid': 'A sub-account is 1 to 100 of A-Z a-z 0-9 . _ -.',
  'key-taken': 'That key id is taken (key ids are never reused).',
  'rotation-refused': 'The old key is not an active key, or the new key id is taken.',
  'no-key': 'No such key.',
  'revoked-in-d1-only':
    "The key is revoked in D1; isolates refuse it within the key cache's time. Revoke again to make it immediate.",
  'callback-url-refused': 'That callback URL is not allowed here (https, a public host).',
  'callback-refused':
    'The key is not active or has no callback secret (pnpm keys set-callback gives one).',
} as const satisfies Record<string, string>

/** A `?done=` code. */
export type DoneCode = keyof typeof DONE_NOTICES
/** An `?error=` code. */
export type ErrorCode = keyof typeof ERROR_NOTICES

/**
 * The fixed sentence of a notice code, or undefined for no code or an unknown one (own keys
 * only: `?done=constructor` names nothing).
 *
 * @example
 * <Notice text={noticeOf(DONE_NOTICES, c.req.query('done'))} />
 */
export function noticeOf(
  notices: Readonly<Record<string, string>>,
  code: string | undefined,
): string | undefined {
  return code !== undefined && Object.hasOwn(notices, code) ? notices[code] : undefined
}
