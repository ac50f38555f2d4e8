/**
 * The admission object as a request reaches it: each request calls its key's object itself, in
 * its own request context (`admit`, then `complete`), and waits on nothing but its own calls.
 *
 * Calls are not shared between the requests of an isolate. An earlier gateway did (one call in
 * flight per key; what the key's other requests asked meanwhile went in the next call, and their
 * answers were handed across requests). Under a steady load, workerd then broke after about
 * 16,700 requests in one isolate: the continuation of a request answered by another request's
 * call ran with the wrong request's context ("Cannot perform I/O on behalf of a different
 * request", I/O type `SpanParent`), and every later send of the isolate failed or hung. Each
 * request calling alone ran 36,000 with none failing; `test-soak/isolate-load.test.ts` keeps it
 * so. The object still commits the writes of concurrent calls together.
 *
 * @module
 */
import { answerFits } from './answer-size'
import type { AdmitInput, AdmitResult, Completion, RenewInput } from './protocol'

/** The admission object's calls, as a request makes them (a stub, or a test's stand-in). */
export interface AdmissionCalls {
  admit(input: AdmitInput): Promise<AdmitResult>
  complete(completion: Completion): Promise<boolean>
}

/** The call that renews a request's claim (`Admission.renew`). */
export interface ClaimCalls {
  renew(input: RenewInput): Promise<AdmitResult>
}

/** A request's idempotency claim, as its call to 8x8 checks it (src/http/admission.ts). */
export interface ClaimGuard {
  /**
   * Right before the call: resolves once the claim outlasts it (renewed if need be); throws the
   * problem to answer instead when the claim is no longer this request's (a retry took it after
   * its lease): the call must then not be made.
   */
  beforeCall(): Promise<void>
}

/** The claim of a request without an idempotency key (a GET, a DELETE): nothing to check. */
export const NO_CLAIM: ClaimGuard = { beforeCall: () => Promise.resolve() }

/**
 * Completes a send: keeps its answer for replay and its records for D1. Resolves to whether the
 * object stored it (false: it refused, and released the claim). An answer too large to store is
 * not carried: the claim is released instead (and the records kept), so that a retry proceeds
 * rather than waiting out the lease.
 *
 * @example
 * const kept = await completeSend(object, { idempotencyKey, response, records, now, recordFlushMs })
 * if (!kept) await writeRecords(env.DB, records)
 */
export async function completeSend(
  object: AdmissionCalls,
  completion: Completion,
): Promise<boolean> {
  const input =
    completion.response !== null && !answerFits(completion.response)
      ? { ...completion, response: null }
      : completion
  if (input !== completion) console.error('answer too large to store: claim released')
  return (await object.complete(input)) === true
}
