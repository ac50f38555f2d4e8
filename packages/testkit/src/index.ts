/**
 * `@chatapps/testkit` (private): the real gateway and sandbox on loopback for end-to-end and
 * browser tests, the development keys, and helpers to read the sandbox.
 *
 * @example
 * ```ts
 * import { startStack, sandboxMessages } from '@chatapps/testkit'
 *
 * const stack = await startStack()
 * // … send through stack.url …
 * console.log(await sandboxMessages(stack.sandboxUrl))
 * await stack.stop()
 * ```
 *
 * @module
 */

export {
  DEV_KEYS,
  ED25519_KEY_ID,
  ED25519_PRIVATE,
  ED25519_PUBLIC,
  HMAC_KEY_ID,
  HMAC_SECRET,
  LIMITED_KEY_ID,
  SUB_ACCOUNT,
} from './keys'
export { clearSandbox, type SandboxEntry, type SandboxReceipt, sandboxMessages } from './sandbox'
export {
  type AdmissionStats,
  admissionStatsOf,
  migrationSql,
  REPO_DIR,
  type Stack,
  type StackOptions,
  startStack,
} from './stack'
