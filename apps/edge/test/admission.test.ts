import {
  createExecutionContext,
  env,
  runDurableObjectAlarm,
  runInDurableObject,
  waitOnExecutionContext,
} from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { Bindings } from '../src/bindings'
import { MAX_UPSTREAM_TIMEOUT_MS } from '../src/config'
import app from '../src/index'
import type { Admission } from '../src/objects/admission/object'
import {
  type AdmitInput,
  type AdmitResult,
  CLAIM_AFTER_CALL_MS,
  CLAIM_BEFORE_CALL_MS,
  claimLeaseMs,
  IDEMPOTENCY_RETENTION_MS,
  NONCE_RETENTION_MS,
} from '../src/objects/admission/protocol'
import { UPLOAD_CLAIM_MS } from '../src/routes/files'
import { CLAIMED, completeOn, signedPost, textMessage } from './helpers'

const admission = () => env.ADMISSION.get(env.ADMISSION.idFromName(`unit-${crypto.randomUUID()}`))

/** A LINE Official Notification (test/line-notifications.test.ts). */
const LINE_NOTIFICATION = {
  user: { msisdn: '+66812345678' },
  content: {
    title: 'Order shipped',
    icon: 'boxCheck',
    emphasis: { label: 'Order', content: 'lease' },
    actions: [{ title: 'Track', url: 'https://example.com/track' }],
  },
}

function input(nonce: string, now: number, idempotencyKey: string | null = 'key-1'): AdmitInput {
  return {
    nonce,
    idempotencyKey,
    fingerprint: 'POST /v1/messages sha-256=:x:',
    ratePerSecond: 1000,
    rateBurst: 1000,
    now,
    // A send's lease at the longest UPSTREAM_TIMEOUT_MS (30 s).
    leaseMs: claimLeaseMs(MAX_UPSTREAM_TIMEOUT_MS),
  }
}

describe('the admission object, at exact times', () => {
  it('an abandoned claim blocks retries for its 60 s lease, then lets one proceed', async () => {
    const stub = admission()
    expect(claimLeaseMs(MAX_UPSTREAM_TIMEOUT_MS)).toBe(60_000)
    expect(await stub.admit(input('n1', 0))).toEqual(CLAIMED)
    // The worker holding the claim died: no completion ever comes.
    expect(await stub.admit(input('n2', 1_000))).toEqual({ kind: 'in_flight', retryAfter: 5 })
    expect(await stub.admit(input('n3', 58_500))).toEqual({ kind: 'in_flight', retryAfter: 2 })
    expect(await stub.admit(input('n4', 59_999))).toEqual({ kind: 'in_flight', retryAfter: 1 })
    // Proceeds, told when the try it takes over claimed the key: that try may have reached 8x8.
    expect(await stub.admit(input('n5', 60_000))).toEqual({ ...CLAIMED, earlierTryAt: 0 })
    // The new claim holds again.
    expect(await stub.admit(input('n6', 60_001))).toEqual({ kind: 'in_flight', retryAfter: 5 })
  })

  it("a claim with a longer lease (an upload's) holds for it: no second call while the first may run", async () => {
    const stub = admission()
    const upload = (nonce: string, now: number) => ({
      ...input(nonce, now),
      leaseMs: UPLOAD_CLAIM_MS,
    })
    expect(UPLOAD_CLAIM_MS).toBe(150_000)
    expect(await stub.admit(upload('n1', 0))).toEqual(CLAIMED)
    // Past the usual 60 s, the upload may still be streaming to 8x8: the retry waits.
    expect(await stub.admit(upload('n2', 61_000))).toEqual({ kind: 'in_flight', retryAfter: 5 })
    expect(await stub.admit(upload('n3', 149_999))).toEqual({ kind: 'in_flight', retryAfter: 1 })
    expect(await stub.admit(upload('n4', 150_000))).toEqual({ ...CLAIMED, earlierTryAt: 0 })
  })

  it('a renewed claim holds for its lease from the renewal; a retry after that takes it', async () => {
    const stub = admission()
    const claim = (nonce: string, now: number) => ({ ...input(nonce, now), leaseMs: 31_000 })
    const renew = (now: number) =>
      stub.renew({
        idempotencyKey: 'key-1',
        fingerprint: 'POST /v1/messages sha-256=:x:',
        claimedAt: 0,
        leaseMs: 31_000,
        now,
      })
    expect(await stub.admit(claim('n1', 0))).toEqual(CLAIMED)
    // Renewed after its lease ended, nobody having taken it: still its own.
    expect(await renew(40_000)).toEqual({ kind: 'proceed' })
    expect(await stub.admit(claim('n2', 60_000))).toEqual({ kind: 'in_flight', retryAfter: 5 })
    expect(await stub.admit(claim('n3', 70_999))).toEqual({ kind: 'in_flight', retryAfter: 1 })
    expect(await stub.admit(claim('n4', 71_000))).toEqual({ ...CLAIMED, earlierTryAt: 0 })
    // Taken by that retry (claimed at 71 s): the first's renewal is refused, with the retry's lease.
    expect(await renew(72_000)).toEqual({ kind: 'in_flight', retryAfter: 5 })
    expect(await renew(101_500)).toEqual({ kind: 'in_flight', retryAfter: 1 })
    // The retry finished: the first's renewal gets its answer.
    const response = { status: 200, contentType: 'application/json', body: '{"id":"b"}' }
    expect(await completeOn(stub, 'key-1', response, 80_000)).toBe(true)
    expect(await renew(81_000)).toEqual({ kind: 'replay', response })
  })

  it('a retry that took a lapsed claim and was rate-limited puts it back: the first try still renews it, and a later retry is told of that try', async () => {
    const stub = admission()
    const limited = (nonce: string, now: number) => ({
      ...input(nonce, now),
      ratePerSecond: 0.001,
      rateBurst: 1,
      leaseMs: 31_000,
    })
    const renew = (now: number) =>
      stub.renew({
        idempotencyKey: 'key-1',
        fingerprint: 'POST /v1/messages sha-256=:x:',
        claimedAt: 0,
        leaseMs: 31_000,
        now,
      })
    expect(await stub.admit(limited('n1', 0))).toEqual(CLAIMED)
    expect((await stub.admit(limited('n2', 40_000))).kind).toBe('rate_limited')
    // The retry sent nothing: the claim is the first try's again, lapsed, and a retry would take
    // it over, told when the first try claimed it.
    const row = () =>
      runInDurableObject(stub, (_instance, state) =>
        state.storage.sql
          .exec('SELECT claimed_at, lease_until, earlier_try_at FROM idempotency')
          .toArray(),
      )
    expect(await row()).toEqual([{ claimed_at: 0, lease_until: 40_000, earlier_try_at: null }])
    expect(await renew(41_000)).toEqual({ kind: 'proceed' })
    expect(await stub.admit(limited('n3', 42_000))).toEqual({ kind: 'in_flight', retryAfter: 5 })
  })

  it('a retry rate-limited after taking a lapsed claim leaves it to the next retry, which is told of the first try', async () => {
    const stub = admission()
    const claim = (nonce: string, now: number, ratePerSecond: number) => ({
      ...input(nonce, now),
      ratePerSecond,
      rateBurst: 1,
      leaseMs: 31_000,
    })
    expect(await stub.admit(claim('n1', 0, 0.001))).toEqual(CLAIMED)
    expect((await stub.admit(claim('n2', 40_000, 0.001))).kind).toBe('rate_limited')
    // The key's rate raised meanwhile: the next retry has a token, and takes the claim over.
    expect(await stub.admit(claim('n3', 41_000, 1))).toEqual({ ...CLAIMED, earlierTryAt: 0 })
  })

  it('a completion ends only its own claim: a late one of a request whose claim a retry took changes nothing', async () => {
    const stub = admission()
    const claim = (nonce: string, now: number) => ({ ...input(nonce, now), leaseMs: 31_000 })
    const answer = (id: string) => ({
      status: 200,
      contentType: 'application/json',
      body: `{"id":"${id}"}`,
    })
    const complete = (response: ReturnType<typeof answer> | null, claimedAt: number, now: number) =>
      stub.complete({
        idempotencyKey: 'key-1',
        response,
        claimedAt,
        now,
        records: [],
        recordFlushMs: 100,
      })
    expect(await stub.admit(claim('n1', 0))).toEqual(CLAIMED)
    expect(await stub.admit(claim('n2', 31_000))).toEqual({ ...CLAIMED, earlierTryAt: 0 })
    // The first, late: its transient answer does not release the retry's claim…
    expect(await complete(null, 0, 32_000)).toBe(true)
    expect(await stub.admit(claim('n3', 33_000))).toEqual({ kind: 'in_flight', retryAfter: 5 })
    // …nor does its final answer replace it.
    expect(await complete(answer('a'), 0, 34_000)).toBe(true)
    expect(await stub.admit(claim('n4', 35_000))).toEqual({ kind: 'in_flight', retryAfter: 5 })
    // The retry's own completion is kept, and replayed.
    expect(await complete(answer('b'), 31_000, 36_000)).toBe(true)
    expect(await stub.admit(claim('n5', 37_000))).toEqual({ kind: 'replay', response: answer('b') })
    expect(await complete(answer('a'), 0, 38_000)).toBe(true)
    expect(await stub.admit(claim('n6', 39_000))).toEqual({ kind: 'replay', response: answer('b') })
  })

  it('a finished answer is replayed for 24 h, then forgotten', async () => {
    const stub = admission()
    await stub.admit(input('n1', 0))
    const response = { status: 200, contentType: 'application/json', body: '{"id":"x"}' }
    await completeOn(stub, 'key-1', response, 10)
    expect(await stub.admit(input('n2', 10 + IDEMPOTENCY_RETENTION_MS - 1))).toEqual({
      kind: 'replay',
      response,
    })
    expect(await stub.admit(input('n3', 10 + IDEMPOTENCY_RETENTION_MS))).toEqual(CLAIMED)
  })

  it("a claim's seed of message ids: kept by a retry that takes over its lapsed claim (and one put back after a rate limit), new for another key, a released claim or after the answer expired", async () => {
    const stub = admission()
    const seedOf = async (admitted: Promise<AdmitResult>) => {
      const result = await admitted
      expect(result).toMatchObject(CLAIMED)
      return result.kind === 'proceed' ? result.seed : undefined
    }
    const seed = await seedOf(stub.admit(input('n1', 0)))
    // Every try of the request derives the same ids: the retry that takes over keeps the seed.
    expect(await seedOf(stub.admit(input('n2', 60_000)))).toBe(seed)
    // A retry that took it over and was rate-limited puts it back, seed and all.
    const limited = { ...input('n3', 120_000), ratePerSecond: 0.001, rateBurst: 0 }
    expect(await stub.admit(limited)).toMatchObject({ kind: 'rate_limited' })
    expect(await seedOf(stub.admit(input('n4', 121_000)))).toBe(seed)
    const other = await seedOf(stub.admit(input('n5', 121_000, 'key-2')))
    expect(other).not.toBe(seed)
    // A key reused after its answer expired is another request: new ids, never an old record's.
    const response = { status: 200, contentType: 'application/json', body: '{"id":"x"}' }
    expect(await completeOn(stub, 'key-1', response, 120_002)).toBe(true)
    const reused = await seedOf(stub.admit(input('n6', 120_002 + IDEMPOTENCY_RETENTION_MS)))
    expect([seed, other]).not.toContain(reused)
    // A claim released by a transient failure: its retry is claimed anew.
    expect(await completeOn(stub, 'key-1', null, 120_003 + IDEMPOTENCY_RETENTION_MS)).toBe(true)
    const released = await seedOf(stub.admit(input('n7', 120_004 + IDEMPOTENCY_RETENTION_MS)))
    expect([seed, other, reused]).not.toContain(released)
  })

  it('a claim made before claims had a seed gets one when a retry takes it over', async () => {
    const stub = admission()
    expect(await stub.admit(input('n1', 0))).toEqual(CLAIMED)
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec('UPDATE idempotency SET seed = NULL')
    })
    expect(await stub.admit(input('n2', 60_000))).toEqual({ ...CLAIMED, earlierTryAt: 0 })
  })

  it('a nonce is remembered for 420 s', async () => {
    const stub = admission()
    expect(NONCE_RETENTION_MS).toBe(420_000)
    expect(await stub.admit(input('n1', 0, null))).toEqual({ kind: 'proceed' })
    expect(await stub.admit(input('n1', 419_999, null))).toEqual({ kind: 'nonce_replayed' })
    expect(await stub.admit(input('n1', 420_000, null))).toEqual({ kind: 'proceed' })
  })

  it('a transient failure releases the claim at once', async () => {
    const stub = admission()
    await stub.admit(input('n1', 0))
    await completeOn(stub, 'key-1', null, 5)
    expect(await stub.admit(input('n2', 6))).toEqual(CLAIMED)
  })
})

describe('completions and admissions, one call each', () => {
  const answer = (id: string) => ({
    status: 200,
    contentType: 'application/json',
    body: `{"id":"${id}"}`,
  })

  it('an admission sees every completion made before it', async () => {
    const stub = admission()
    expect(await stub.admit(input('n1', 0, 'a'))).toEqual(CLAIMED)
    expect(await stub.admit(input('n2', 0, 'b'))).toEqual(CLAIMED)
    expect(await completeOn(stub, 'a', answer('a'), 5)).toBe(true)
    expect(await completeOn(stub, 'b', null, 5)).toBe(true)
    // A retry of "a", just finished: its answer, replayed.
    expect(await stub.admit(input('n3', 6, 'a'))).toEqual({ kind: 'replay', response: answer('a') })
    // "b" released its claim (a transient failure): its retry proceeds.
    expect(await stub.admit(input('n4', 6, 'b'))).toEqual(CLAIMED)
    // The same key twice: the second meets the first's claim.
    expect(await stub.admit(input('n5', 6, 'c'))).toEqual(CLAIMED)
    expect(await stub.admit(input('n6', 6, 'c'))).toEqual({ kind: 'in_flight', retryAfter: 5 })
    // A nonce seen before.
    expect(await stub.admit(input('n1', 6, 'd'))).toEqual({ kind: 'nonce_replayed' })
    // One call at a time: each was decided in a group of its own.
    expect(await stub.stats()).toEqual({ admissions: 7, completions: 2, groups: 9 })
  })

  it('calls that arrive together are decided in one group, one by one in their order, as if alone', async () => {
    const completion = (idempotencyKey: string) => ({
      idempotencyKey,
      now: 1,
      records: [],
      recordFlushMs: 100,
    })
    await runInDurableObject(admission(), async (object: Admission, state) => {
      await object.admit(input('n0', 0, 'done'))
      expect(await object.complete({ ...completion('done'), response: answer('done') })).toBe(true)
      const before = object.stats().groups
      // Called in one turn, none awaited: all of them wait for the same group.
      const decided = await Promise.all([
        object.admit(input('n1', 10, 'a')),
        object.admit(input('n2', 10, 'a')), // the same key: it meets the claim made just before
        object.admit(input('n1', 10, 'b')), // the same nonce: a replay
        object.admit(input('n3', 10, 'done')), // a key answered before: its answer
        object.complete({ ...completion('a'), now: 11, response: answer('a') }),
        object.admit(input('n4', 12, 'a')), // after that completion: its answer
      ])
      expect(decided).toEqual([
        CLAIMED,
        { kind: 'in_flight', retryAfter: 5 },
        { kind: 'nonce_replayed' },
        { kind: 'replay', response: answer('done') },
        true,
        { kind: 'replay', response: answer('a') },
      ])
      expect(object.stats().groups).toBe(before + 1)
      expect(
        state.storage.sql.exec('SELECT key, state FROM idempotency ORDER BY key').toArray(),
      ).toEqual([
        { key: 'a', state: 'done' },
        { key: 'done', state: 'done' },
      ])
    })
  })

  it('a completion the object cannot store is reported and its claim released; the others are kept', async () => {
    await runInDurableObject(admission(), async (object: Admission, state) => {
      await object.admit(input('n1', 0, 'a'))
      await object.admit(input('n2', 0, 'b'))
      // Headers that do not serialise: this answer cannot be stored.
      const unstorable = {
        ...answer('a'),
        headers: { location: 1n } as unknown as Record<string, string>,
      }
      const completion = { now: 1, records: [], recordFlushMs: 100 }
      expect(
        await object.complete({ ...completion, idempotencyKey: 'a', response: unstorable }),
      ).toBe(false)
      expect(
        await object.complete({ ...completion, idempotencyKey: 'b', response: answer('b') }),
      ).toBe(true)
      expect(await object.admit(input('n3', 2, 'c'))).toEqual(CLAIMED)
      expect(
        state.storage.sql.exec('SELECT key, state FROM idempotency ORDER BY key').toArray(),
      ).toEqual([
        { key: 'b', state: 'done' },
        { key: 'c', state: 'claimed' },
      ])
      // Released, not left for its 60 s lease: the retry proceeds at once.
      expect(await object.admit(input('n4', 3, 'a'))).toEqual(CLAIMED)
    })
  })
})

describe('key status', () => {
  it('a revoked key is refused before anything is recorded; revocation is final', async () => {
    const stub = admission()
    expect(await stub.revoke(5)).toEqual({ revokedAt: 5 })
    expect(await stub.revoke(9)).toEqual({ revokedAt: 5 })
    expect(await stub.admit(input('n1', 10))).toEqual({ kind: 'revoked' })
    const nonces = await runInDurableObject(stub, (_object, state) =>
      state.storage.sql.exec('SELECT COUNT(*) AS n FROM nonces').one(),
    )
    expect(nonces).toEqual({ n: 0 })
  })
})

describe('the rate limit', () => {
  it('takes one token per request, refills at the rate and releases the claim it refused', async () => {
    const stub = admission()
    const limited = (nonce: string, now: number, key: string) => ({
      ...input(nonce, now, key),
      ratePerSecond: 2,
      rateBurst: 2,
    })
    expect(await stub.admit(limited('n1', 0, 'a'))).toEqual(CLAIMED)
    expect(await stub.admit(limited('n2', 0, 'b'))).toEqual(CLAIMED)
    expect(await stub.admit(limited('n3', 0, 'c'))).toEqual({ kind: 'rate_limited', retryAfter: 1 })
    // The refused request claimed nothing: its retry is not "in flight".
    expect(await stub.admit(limited('n4', 500, 'c'))).toEqual(CLAIMED)
    expect(await stub.admit(limited('n5', 500, 'd'))).toEqual({
      kind: 'rate_limited',
      retryAfter: 1,
    })
  })
})

describe('message records', () => {
  const record = (id: string) => ({
    id,
    keyId: 'outbox-key',
    idempotencyKey: `idem-${id}`,
    clientMessageId: `cmid-${id}`,
    umid: `umid-${id}`,
    status: 'sent',
    subAccount: 'demo-subaccount',
    createdAt: 1_000,
  })
  const stored = (ids: readonly string[]) =>
    env.DB.prepare(
      `SELECT id, key_id, idempotency_key, client_message_id, umid, status, sub_account,
        created_at FROM messages WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY created_at, id`,
    )
      .bind(...ids)
      .all()
      .then((result) => result.results)
  const row = (id: string) => ({
    id,
    key_id: 'outbox-key',
    idempotency_key: `idem-${id}`,
    client_message_id: `cmid-${id}`,
    umid: `umid-${id}`,
    status: 'sent',
    sub_account: 'demo-subaccount',
    created_at: 1_000,
  })

  it('completions keep their records; one write takes them all to D1', async () => {
    const stub = admission()
    const ids = Array.from({ length: 12 }, () => crypto.randomUUID()).sort()
    await Promise.all(
      ids.map(async (id, index) => {
        await stub.admit(input(`n${index}`, 0, `key-${index}`))
        await completeOn(stub, `key-${index}`, null, 1, [record(id)])
      }),
    )
    expect(await stub.flushRecords()).toBe(0)
    expect(await stored(ids)).toEqual(ids.map(row))
  })

  it('a read through the same key finds the records its sends kept', async () => {
    const stub = admission()
    const id = crypto.randomUUID()
    await stub.admit(input('n1', Date.now()))
    await completeOn(stub, 'key-1', null, Date.now(), [record(id)])
    // A GET has no idempotency key: its admission writes what waits first.
    expect(await stub.admit(input('n2', Date.now(), null))).toEqual({ kind: 'proceed' })
    expect(await stored([id])).toEqual([row(id)])
    expect(await stub.waitingRecords()).toBe(0)
  })

  it('the alarm writes kept records within RECORD_FLUSH_MS (100 ms)', async () => {
    const stub = admission()
    const id = crypto.randomUUID()
    await completeOn(stub, null, null, Date.now(), [record(id)])
    const deadline = Date.now() + 10_000
    while ((await stored([id])).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(await stored([id])).toEqual([row(id)])
  })

  it('a record D1 refuses stays for the alarm to try 5 s later, and holds no other back', async () => {
    const stub = admission()
    const [id = '', other = ''] = [crypto.randomUUID(), crypto.randomUUID()].sort()
    // D1 refuses this one (key_id is NOT NULL): as if D1 were down for it.
    const refused = { ...record(id), keyId: null as unknown as string }
    // The alarm is the test's to run: the object's own is a minute away.
    await completeOn(stub, null, null, Date.now(), [refused, record(other)], 60_000)
    const before = Date.now()
    expect(await runDurableObjectAlarm(stub)).toBe(true)
    const after = Date.now()
    expect(await stub.waitingRecords()).toBe(1)
    expect(await stored([id, other])).toEqual([row(other)])
    const next = await runInDurableObject(stub, (_object, state) => state.storage.getAlarm())
    expect(next).toBeGreaterThanOrEqual(before + 5_000)
    expect(next).toBeLessThanOrEqual(after + 5_000)
    // It would be refused for ever: clear it, so that it does not retry through later tests.
    await runInDurableObject(stub, async (_object, state) => {
      state.storage.sql.exec('DELETE FROM outbox')
      await state.storage.deleteAlarm()
    })
  })

  it('records an object kept but did not write are written by its alarm, once', async () => {
    const stub = admission()
    const [first = '', second = ''] = [crypto.randomUUID(), crypto.randomUUID()].sort()
    // Its alarm a minute away: written by hand now, so that no alarm runs before the test's.
    await completeOn(stub, null, null, 1, [record(first)], 60_000)
    await stub.flushRecords()
    // As if the object had stopped after keeping these and before writing them; the first one
    // was written already, and writing it again changes nothing.
    await runInDurableObject(stub, async (_object, state) => {
      for (const id of [first, second]) {
        state.storage.sql.exec('INSERT INTO outbox (record) VALUES (?)', JSON.stringify(record(id)))
      }
      // Far enough ahead not to run by itself: the test runs it.
      await state.storage.setAlarm(Date.now() + 60_000)
    })
    expect(await stub.waitingRecords()).toBe(2)
    expect(await runDurableObjectAlarm(stub)).toBe(true)
    expect(await stored([first, second])).toEqual([row(first), row(second)])
    expect(await stub.waitingRecords()).toBe(0)
  })
})

describe('the lease each route asks for', () => {
  /**
   * The admission inputs a request's route made, through the gateway in this isolate, and how
   * many times it renewed its claim.
   */
  async function admitted(request: Request): Promise<{ leases: unknown[]; renewals: number }> {
    const inputs: AdmitInput[] = []
    let renewals = 0
    const watched = {
      idFromName: (name: string) => env.ADMISSION.idFromName(name),
      get: (id: DurableObjectId) => {
        const real = env.ADMISSION.get(id)
        return {
          admit: (admit: AdmitInput) => {
            inputs.push(admit)
            return real.admit(admit)
          },
          complete: (...args: Parameters<typeof real.complete>) => real.complete(...args),
          renew: (...args: Parameters<typeof real.renew>) => {
            renewals++
            return real.renew(...args)
          },
        }
      },
    }
    const ctx = createExecutionContext()
    const bindings = env as unknown as Bindings & { FAULTY_UPSTREAM: Fetcher }
    const response = await app.fetch(
      request,
      { ...bindings, UPSTREAM: bindings.FAULTY_UPSTREAM, ADMISSION: watched },
      ctx,
    )
    await response.arrayBuffer()
    await waitOnExecutionContext(ctx)
    return { leases: inputs.map((admit) => admit.leaseMs), renewals }
  }

  it('each claim outlasts its one call to 8x8 (UPSTREAM_TIMEOUT_MS, 1 s here; an upload 120 s) by 30 s; none renews', async () => {
    // The test configuration's UPSTREAM_TIMEOUT_MS (vitest.config.ts): 10 s before the call, 1 s
    // of call, 20 s after it.
    expect(CLAIM_BEFORE_CALL_MS).toBe(10_000)
    expect(CLAIM_AFTER_CALL_MS).toBe(20_000)
    const send = claimLeaseMs(1_000)
    expect(send).toBe(31_000)
    expect(claimLeaseMs(10_000)).toBe(40_000)
    expect(MAX_UPSTREAM_TIMEOUT_MS).toBe(30_000)
    const boundary = 'lease-test'
    const form = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${boundary}--\r\n`
    const upload = await signedPost(form, {
      path: '/v1/files',
      contentType: `multipart/form-data; boundary=${boundary}`,
    })
    expect(await admitted(upload)).toEqual({ leases: [UPLOAD_CLAIM_MS], renewals: 0 })
    const message = await signedPost(JSON.stringify(textMessage()))
    expect(await admitted(message)).toEqual({ leases: [send], renewals: 0 })
    const batch = await signedPost(JSON.stringify({ messages: [textMessage(), textMessage()] }), {
      path: '/v1/messages/batch',
    })
    expect(await admitted(batch)).toEqual({ leases: [send], renewals: 0 })
    const async = await signedPost(JSON.stringify(textMessage()), { prefer: 'respond-async' })
    expect(await admitted(async)).toEqual({ leases: [send], renewals: 0 })
    const lon = await signedPost(JSON.stringify(LINE_NOTIFICATION), {
      path: '/v1/line-notifications',
    })
    expect(await admitted(lon)).toEqual({ leases: [send], renewals: 0 })
    const umid = crypto.randomUUID()
    for (const path of [`/v1/inbound/${umid}/read`, `/v1/inbound/${umid}/typing`]) {
      expect(await admitted(await signedPost('', { path }))).toEqual({
        leases: [send],
        renewals: 0,
      })
    }
  })
})
