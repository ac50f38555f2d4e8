/**
 * The gateway's refusals of signed requests, counted per key, minute and problem code by the
 * key's admission object and written whole to D1 (`refusal_counts`), where the console's live
 * view reads them (test/console.test.ts).
 */
import { env, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { RefusalTally } from '../src/objects/admission/refusals'
import { KEYS, problem, send, signedPost, textMessage } from './helpers'

const stub = () => env.ADMISSION.get(env.ADMISSION.idFromName(KEYS.refusals))

async function countsInD1(keyId: string) {
  const { results } = await env.DB.prepare(
    'SELECT code, SUM(count) AS count FROM refusal_counts WHERE key_id = ? GROUP BY code ORDER BY code',
  )
    .bind(keyId)
    .all<{ code: string; count: number }>()
  return results
}

describe('refusal counts', () => {
  it('counts each refusal by its code, once, whatever the object decided or the route answered', async () => {
    const image = {
      user: { msisdn: '+15551230000' },
      type: 'image',
      content: { url: 'https://example.com/a.png' },
    }
    const post = (body: unknown, idempotencyKey?: string) =>
      signedPost(JSON.stringify(body), {
        keyId: KEYS.refusals,
        ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
      })
    // 1: the route refuses the type (403 forbidden); 2 and 3: an invalid message (422).
    expect((await problem(await send(await post(image)))).code).toBe('forbidden')
    for (let i = 0; i < 2; i++)
      expect((await problem(await send(await post({ type: 'text' })))).code).toBe('invalid_message')
    // 4: a stored 422 is replayed for its own retry: a replay is not counted again.
    const idempotencyKey = crypto.randomUUID()
    const first = await send(await post({ type: 'nope' }, idempotencyKey))
    expect(first.status).toBe(422)
    const replayed = await send(await post({ type: 'nope' }, idempotencyKey))
    expect(replayed.headers.get('idempotency-replayed')).toBe('true')
    // The object decides these: the key reused with another body, then the bucket is empty.
    expect((await problem(await send(await post(textMessage(), idempotencyKey)))).code).toBe(
      'idempotency_key_reused',
    )
    expect((await problem(await send(await post(textMessage())))).code).toBe('rate_limited')

    expect(await stub().flushRefusals()).toBe(true)
    const expected = [
      { code: 'forbidden', count: 1 },
      { code: 'idempotency_key_reused', count: 1 },
      { code: 'invalid_message', count: 3 },
      { code: 'rate_limited', count: 1 },
    ]
    expect(await countsInD1(KEYS.refusals)).toEqual(expected)
    // Written whole: writing again (a retry after an answer lost) doubles nothing.
    await runInDurableObject(stub(), async (_instance, state) => {
      await new RefusalTally(state.storage.sql).flush(async (counts) => {
        const { writeRefusalCounts } = await import('../src/db/refusals')
        await writeRefusalCounts(env.DB, counts)
      }, Date.now())
      state.storage.sql.exec('UPDATE refusal_counts SET written = 0')
    })
    expect(await stub().flushRefusals()).toBe(true)
    expect(await countsInD1(KEYS.refusals)).toEqual(expected)
  })

  it('a count D1 did not take waits in the object, and is written whole later', async () => {
    const keyId = `tally-${crypto.randomUUID()}`
    const id = env.ADMISSION.idFromName(keyId)
    await runInDurableObject(env.ADMISSION.get(id), async (_instance, state) => {
      const tally = new RefusalTally(state.storage.sql)
      const now = Date.now()
      tally.add(keyId, 'invalid_message', now)
      tally.add(keyId, 'invalid_message', now)
      expect(
        await tally.flush(async () => {
          throw new Error('D1 unavailable')
        }, now),
      ).toBe(false)
      expect(tally.unwritten()).toBe(true)
      tally.add(keyId, 'invalid_message', now)
      const { writeRefusalCounts } = await import('../src/db/refusals')
      expect(await tally.flush((counts) => writeRefusalCounts(env.DB, counts), now)).toBe(true)
      expect(tally.unwritten()).toBe(false)
    })
    expect(await countsInD1(keyId)).toEqual([{ code: 'invalid_message', count: 3 }])
  })
})
