import { describe, expect, it } from 'vitest'
import { AdmissionChannel, MAX_EXCHANGE, type RequestScope } from '../src/objects/admission/channel'
import type {
  AdmitInput,
  AdmitResult,
  Completion,
  Exchange,
  ExchangeResult,
} from '../src/objects/admission/protocol'

// The channel's own rules, against an object whose answers the test gives by hand. Requests in
// separate contexts sharing calls to the real object are in send.test.ts.

function admission(nonce: string): AdmitInput {
  return {
    nonce,
    idempotencyKey: nonce,
    fingerprint: 'POST /v1/messages sha-256=:x:',
    ratePerSecond: 100,
    rateBurst: 100,
    now: 0,
  }
}

function completion(key: string): Completion {
  return { idempotencyKey: key, response: null, now: 1, records: [], recordFlushMs: 100 }
}

/** An admission object that answers each call when the test says, and the scope to reach it. */
function target() {
  const calls: {
    readonly batch: Exchange
    readonly answer: (result: ExchangeResult) => void
    readonly fail: (error: Error) => void
  }[] = []
  const kept: Promise<unknown>[] = []
  const scope: RequestScope = {
    connect: () => ({
      exchange: (batch) =>
        new Promise((answer, fail) => {
          calls.push({ batch, answer, fail })
        }),
    }),
    waitUntil: (promise) => kept.push(promise),
  }
  /** Answers call `index` with `proceed` for every admission and true for every completion. */
  const proceed = (index: number) => {
    const call = calls[index]
    if (call === undefined) throw new Error(`no call ${index}`)
    call.answer({
      completed: call.batch.completions.map(() => true),
      admitted: call.batch.admissions.map(() => ({ kind: 'proceed' })),
    })
  }
  return { calls, kept, scope, proceed }
}

const nonces = (batch: Exchange) => batch.admissions.map((input) => input.nonce)
const keys = (batch: Exchange) => batch.completions.map((done) => done.idempotencyKey)
/** Lets the runtime run what is due: resolved calls and the wake-ups they cause. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('the admission channel of a key', () => {
  it('a request alone is carried at once, in a call of its own', async () => {
    const { calls, kept, scope, proceed } = target()
    const channel = new AdmissionChannel()
    const answer = channel.admit(admission('a'), scope)
    expect(calls.map(({ batch }) => batch)).toEqual([
      { completions: [], admissions: [admission('a')] },
    ])
    proceed(0)
    expect(await answer).toEqual({ kind: 'proceed' })
    await Promise.all(kept)
    expect(kept).toHaveLength(1)
  })

  it('what comes while a call is in flight goes in the next one, completions first, in order', async () => {
    const { calls, scope, proceed } = target()
    const channel = new AdmissionChannel()
    const first = channel.admit(admission('a'), scope)
    const waiting = [
      channel.admit(admission('b'), scope),
      channel.complete(completion('x'), scope),
      channel.admit(admission('c'), scope),
      channel.complete(completion('y'), scope),
    ]
    expect(calls).toHaveLength(1)
    proceed(0)
    expect(await first).toEqual({ kind: 'proceed' })
    await settle()
    expect(calls).toHaveLength(2)
    const next = calls[1]?.batch as Exchange
    expect(keys(next)).toEqual(['x', 'y'])
    expect(nonces(next)).toEqual(['b', 'c'])
    // Each request gets its own answer.
    calls[1]?.answer({
      completed: [true, false],
      admitted: [{ kind: 'proceed' }, { kind: 'nonce_replayed' }],
    })
    expect(await Promise.all(waiting)).toEqual([
      { kind: 'proceed' },
      true,
      { kind: 'nonce_replayed' },
      false,
    ])
    await settle()
    expect(calls).toHaveLength(2)
  })

  it('a failed call fails the requests it carried, and no other', async () => {
    const { calls, scope, proceed } = target()
    const channel = new AdmissionChannel()
    const carried = channel.admit(admission('a'), scope)
    const later = channel.admit(admission('b'), scope)
    calls[0]?.fail(new Error('object unreachable'))
    await expect(carried).rejects.toThrow('object unreachable')
    await settle()
    expect(nonces(calls[1]?.batch as Exchange)).toEqual(['b'])
    proceed(1)
    expect(await later).toEqual({ kind: 'proceed' })
  })

  it('a stub that cannot be made fails the call, and the channel goes on', async () => {
    const { scope, proceed } = target()
    let broken = true
    const flaky: RequestScope = {
      ...scope,
      connect: () => {
        if (broken) throw new Error('no stub')
        return scope.connect()
      },
    }
    const channel = new AdmissionChannel()
    await expect(channel.admit(admission('a'), flaky)).rejects.toThrow('no stub')
    broken = false
    const next = channel.admit(admission('b'), flaky)
    proceed(0)
    expect(await next).toEqual({ kind: 'proceed' })
  })

  it(`one call carries at most ${MAX_EXCHANGE} requests; the rest go in the next`, async () => {
    const { calls, scope, proceed } = target()
    const channel = new AdmissionChannel()
    const answers: Promise<AdmitResult>[] = [channel.admit(admission('first'), scope)]
    for (let index = 0; index < MAX_EXCHANGE + 2; index++) {
      answers.push(channel.admit(admission(`n${index}`), scope))
    }
    proceed(0)
    await settle()
    expect(calls[1]?.batch.admissions).toHaveLength(MAX_EXCHANGE)
    proceed(1)
    await settle()
    expect(nonces(calls[2]?.batch as Exchange)).toEqual([
      `n${MAX_EXCHANGE}`,
      `n${MAX_EXCHANGE + 1}`,
    ])
    proceed(2)
    const results = await Promise.all(answers)
    expect(results).toHaveLength(MAX_EXCHANGE + 3)
    expect(results.every((result) => result.kind === 'proceed')).toBe(true)
    expect(calls).toHaveLength(3)
  })
})
