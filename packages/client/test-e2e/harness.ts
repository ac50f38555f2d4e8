/**
 * The end-to-end stack (the real gateway and sandbox in Miniflare on loopback) comes from
 * `@chatapps/testkit`; this file keeps the names the end-to-end files import.
 */
import { fileURLToPath } from 'node:url'

export {
  clearSandbox,
  ED25519_KEY_ID,
  ED25519_PRIVATE,
  ED25519_PUBLIC,
  HMAC_KEY_ID,
  HMAC_SECRET,
  LIMITED_KEY_ID,
  type SandboxEntry,
  type Stack,
  sandboxMessages,
  startStack,
} from '@chatapps/testkit'

/** This package's directory, with a trailing slash (the CLI runs from it). */
export const CLIENT_DIR = fileURLToPath(new URL('..', import.meta.url))
