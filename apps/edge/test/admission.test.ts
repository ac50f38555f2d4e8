import {
  createExecutionContext,
  env,
  runDurableObjectAlarm,
  runInDurableObject,
  waitOnExecutionContext,
} from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { Bindings } from '../src/bindings'
import app from '../src/index'
import type { Admission } from '../src/objects/admission/object'
import {
  type AdmitInput,
  CLAIM_LEASE_MS,
  IDEMPOTENCY_RETENTION_MS,
  NONCE_RETENTION_MS,
} from '../src/objects/admission/protocol'
import { UPLOAD_CLAIM_MS } from '../src/routes/files'
import { completeOn, signedPost, textMessage } from './helpers'

const admission = () => env.ADMISSION.get(env.ADMISSION.idFromName(`unit-${crypto.randomUUID()}`))

function input(nonce: string, now: number, idempotencyKey: string | null = 'key-1'): AdmitInput {
  return {
    nonce,
    idempotencyKey,
    fingerprint: 'POST /v1/messages sha-256=:x:',
    ratePerSecond: 1000,
    rateBurst: 1000,
    now,
  }
}

describe('the admission object, at exact times', () => {
  it('an abandoned claim blocks retries for its 60 s lease, then lets one proceed', async () => {
    const stub = admission()
    expect(CLAIM_LEASE_MS).toBe(60_000)
    expect(await stub.admit(input('n1', 0))).toEqual({ kind: 'proceed' })
    // The worker holding the claim died: no completion ever comes.
    expect(await stub.admit(input('n2', 1_000))).toEqual({ kind: 'in_flight', retryAfter: 5 })
    expect(await stub.admit(input('n3', 58_500))).toEqual({ kind: 'in_flight', retryAfter: 2 })
    expect(await stub.admit(input('n4', 59_999))).toEqual({ kind: 'in_flight', retryAfter: 1 })
    expect(await stub.admit(input('n5', 60_000))).toEqual({ kind: 'proceed' })
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
    expect(await stub.admit(upload('n1', 0))).toEqual({ kind: 'proceed' })
    // Past the usual 60 s, the upload may still be streaming to 8x8: the retry waits.
    expect(await stub.admit(upload('n2', 61_000))).toEqual({ kind: 'in_flight', retryAfter: 5 })
    expect(await stub.admit(upload('n3', 149_999))).toEqual({ kind: 'in_flight', retryAfter: 1 })
    expect(await stub.admit(upload('n4', 150_000))).toEqual({ kind: 'proceed' })
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
    expect(await stub.admit(input('n3', 10 + IDEMPOTENCY_RETENTION_MS))).toEqual({
      kind: 'proceed',
    })
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
    expect(await stub.admit(input('n2', 6))).toEqual({ kind: 'proceed' })
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
    expect(await stub.admit(input('n1', 0, 'a'))).toEqual({ kind: 'proceed' })
    expect(await stub.admit(input('n2', 0, 'b'))).toEqual({ kind: 'proceed' })
    expect(await completeOn(stub, 'a', answer('a'), 5)).toBe(true)
    expect(await completeOn(stub, 'b', null, 5)).toBe(true)
    // A retry of "a", just finished: its answer, replayed.
    expect(await stub.admit(input('n3', 6, 'a'))).toEqual({ kind: 'replay', response: answer('a') })
    // "b" released its claim (a transient failure): its retry proceeds.
    expect(await stub.admit(input('n4', 6, 'b'))).toEqual({ kind: 'proceed' })
    // The same key twice: the second meets the first's claim.
    expect(await stub.admit(input('n5', 6, 'c'))).toEqual({ kind: 'proceed' })
    expect(await stub.admit(input('n6', 6, 'c'))).toEqual({ kind: 'in_flight', retryAfter: 5 })
    // A nonce seen before.
    expect(await stub.admit(input('n1', 6, 'd'))).toEqual({ kind: 'nonce_replayed' })
    expect(await stub.stats()).toEqual({ admissions: 7, completions: 2 })
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
      expect(object.complete({ ...completion, idempotencyKey: 'a', response: unstorable })).toBe(
        false,
      )
      expect(object.complete({ ...completion, idempotencyKey: 'b', response: answer('b') })).toBe(
        true,
      )
      expect(await object.admit(input('n3', 2, 'c'))).toEqual({ kind: 'proceed' })
      expect(
        state.storage.sql.exec('SELECT key, state FROM idempotency ORDER BY key').toArray(),
      ).toEqual([
        { key: 'b', state: 'done' },
        { key: 'c', state: 'claimed' },
      ])
      // Released, not left for its 60 s lease: the retry proceeds at once.
      expect(await object.admit(input('n4', 3, 'a'))).toEqual({ kind: 'proceed' })
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
    expect(await stub.admit(limited('n1', 0, 'a'))).toEqual({ kind: 'proceed' })
    expect(await stub.admit(limited('n2', 0, 'b'))).toEqual({ kind: 'proceed' })
    expect(await stub.admit(limited('n3', 0, 'c'))).toEqual({ kind: 'rate_limited', retryAfter: 1 })
    // The refused request claimed nothing: its retry is not "in flight".
    expect(await stub.admit(limited('n4', 500, 'c'))).toEqual({ kind: 'proceed' })
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
  /** The admission inputs a request's route made, through the gateway in this isolate. */
  async function admitted(request: Request): Promise<AdmitInput[]> {
    const inputs: AdmitInput[] = []
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
        }
      },
    }
    const ctx = createExecutionContext()
    await app.fetch(request, { ...(env as unknown as Bindings), ADMISSION: watched }, ctx)
    await waitOnExecutionContext(ctx)
    return inputs
  }

  it("an upload's claim holds for the upload; a message's for the usual lease", async () => {
    const boundary = 'lease-test'
    const form = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${boundary}--\r\n`
    const upload = await signedPost(form, {
      path: '/v1/files',
      contentType: `multipart/form-data; boundary=${boundary}`,
    })
    expect((await admitted(upload)).map((admit) => admit.leaseMs)).toEqual([UPLOAD_CLAIM_MS])
    const message = await signedPost(JSON.stringify(textMessage()))
    expect((await admitted(message)).map((admit) => admit.leaseMs)).toEqual([undefined])
  })
})
