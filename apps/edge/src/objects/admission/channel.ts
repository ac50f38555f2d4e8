/**
 * One isolate's line to the admission object of each client key: the requests of a key share one
 * call and one storage commit (README, The map: the admission channel).
 *
 * @module
 */
import { answerFits } from './answer-size'
import type { AdmitInput, AdmitResult, Completion, Exchange, ExchangeResult } from './protocol'

/** The most requests' work one call carries; the rest goes in the next. */
export const MAX_EXCHANGE = 64
/** How often a waiting request's timer fires: it keeps the request alive, and retries the lead. */
const KEEP_ALIVE_MS = 1_000

/** The admission object as the channel calls it. */
export interface ExchangeTarget {
  exchange(batch: Exchange): Promise<ExchangeResult>
}

/** What a request lends the channel to make a call on its behalf. */
export interface RequestScope {
  /** The admission object's stub, made in this request's context. */
  readonly connect: () => ExchangeTarget
  /** The request's `ExecutionContext.waitUntil`: the call ends even if the client goes. */
  readonly waitUntil: (promise: Promise<unknown>) => void
}

type Work =
  | { readonly kind: 'admission'; readonly input: AdmitInput; readonly settle: Settle<AdmitResult> }
  | { readonly kind: 'completion'; readonly input: Completion; readonly settle: Settle<boolean> }

interface Settle<T> {
  readonly resolve: (value: T) => void
  readonly reject: (error: unknown) => void
}

interface Waiting {
  readonly work: Work
  /** Wakes the request, in its own context, to make the next call if nobody has. */
  wake: () => void
}

/** The line of one client key in this isolate. */
export class AdmissionChannel {
  private waiting: Waiting[] = []
  private busy = false

  /** @param shared false: every request makes its own call, at once (see the module's notes). */
  constructor(private readonly shared = true) {}

  /**
   * Admits a request: its nonce, idempotency claim and rate limit, decided by the object.
   *
   * @example
   * const result = await channelFor(env.ADMISSION, keyId).admit(input, scope)
   */
  admit(input: AdmitInput, scope: RequestScope): Promise<AdmitResult> {
    return this.enqueue<AdmitResult>(scope, (settle) => ({ kind: 'admission', input, settle }))
  }

  /**
   * Completes a request; resolves to whether the object stored it (false: it refused, and
   * released the claim). An answer too large to store is not carried: the claim is released
   * instead (and the records kept), so that the retry proceeds rather than waiting out the lease.
   */
  complete(completion: Completion, scope: RequestScope): Promise<boolean> {
    const input =
      completion.response !== null && !answerFits(completion.response)
        ? { ...completion, response: null }
        : completion
    if (input !== completion) console.error('answer too large to store: claim released')
    return this.enqueue<boolean>(scope, (settle) => ({ kind: 'completion', input, settle }))
  }

  private enqueue<T>(scope: RequestScope, make: (settle: Settle<T>) => Work): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (!this.shared) {
        this.call([make({ resolve, reject })], scope)
        return
      }
      let keepAlive: ReturnType<typeof setInterval> | null = null
      let settled = false
      const done = <A>(settle: (value: A) => void) => {
        return (value: A) => {
          settled = true
          if (keepAlive !== null) clearInterval(keepAlive)
          settle(value)
        }
      }
      const entry: Waiting = {
        work: make({ resolve: done(resolve), reject: done(reject) }),
        wake: () => {},
      }
      // A promise made here runs its reactions in this request's context, whoever resolves it.
      const arm = () => {
        const turn = Promise.withResolvers<void>()
        entry.wake = turn.resolve
        void turn.promise.then(() => {
          if (settled) return
          arm()
          this.lead(scope)
        })
      }
      arm()
      this.waiting.push(entry)
      this.lead(scope)
      // Work that went in the call just made is kept alive by that call, made in this request's
      // context. Work still waiting may be carried by another request's call: a timer keeps
      // this request alive meanwhile, and retries the lead.
      if (this.waiting.includes(entry)) {
        keepAlive = setInterval(() => this.lead(scope), KEEP_ALIVE_MS)
      }
    })
  }

  /** Makes the next call with what waits, unless one is in flight. */
  private lead(scope: RequestScope): void {
    if (this.busy || this.waiting.length === 0) return
    this.busy = true
    const batch = this.waiting.splice(0, MAX_EXCHANGE).map(({ work }) => work)
    this.call(batch, scope).finally(() => {
      this.busy = false
      for (const entry of this.waiting) entry.wake()
    })
  }

  /** One call to the object with `batch`; settles each request's promise with its answer. */
  private call(batch: readonly Work[], scope: RequestScope): Promise<void> {
    const completions = batch.flatMap((work) => (work.kind === 'completion' ? [work] : []))
    const admissions = batch.flatMap((work) => (work.kind === 'admission' ? [work] : []))
    let call: Promise<ExchangeResult>
    try {
      call = scope.connect().exchange({
        completions: completions.map((work) => work.input),
        admissions: admissions.map((work) => work.input),
      })
    } catch (error) {
      call = Promise.reject(error)
    }
    const answered = call.then(
      (result) => {
        for (const [index, work] of completions.entries()) {
          work.settle.resolve(result.completed[index] === true)
        }
        for (const [index, work] of admissions.entries()) {
          const admitted = result.admitted[index]
          if (admitted === undefined) work.settle.reject(new Error('no answer for an admission'))
          else work.settle.resolve(admitted)
        }
      },
      (error: unknown) => {
        for (const work of batch) work.settle.reject(error)
      },
    )
    scope.waitUntil(answered)
    return answered
  }
}

/**
 * Channels by namespace (tests give the worker other bindings) and key id. A key id reaches this
 * only once its signature verified, so there are no more entries than the deployment has keys.
 */
const channels = new WeakMap<object, Map<string, AdmissionChannel>>()

/**
 * This isolate's channel to the admission object of `keyId` in `namespace`.
 *
 * @example
 * const channel = channelFor(c.env.ADMISSION, keyId)
 */
export function channelFor(namespace: object, keyId: string, shared = true): AdmissionChannel {
  let byKey = channels.get(namespace)
  if (byKey === undefined) {
    byKey = new Map()
    channels.set(namespace, byKey)
  }
  let channel = byKey.get(keyId)
  if (channel === undefined) {
    channel = new AdmissionChannel(shared)
    byKey.set(keyId, channel)
  }
  return channel
}
