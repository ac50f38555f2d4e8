// The records of sends under an idempotency key: a key used again after its 24 h retention is a
// new request with records of its own (docs/errors.md), on every path; a retry of one request
// finds the records of its first try; an asynchronous send whose jobs the queue did not take is
// accepted all the same, and the cron trigger queues them.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { app } from '../src/app'
import type { Bindings } from '../src/bindings'
import { readConfig } from '../src/config'
import { claim } from '../src/db/messages/delivery'
import { AMBIGUOUS_RETRIES } from '../src/delivery/consumer'
import type { DeliveryJob } from '../src/delivery/jobs'
import { requeueUnclaimed } from '../src/delivery/requeue'
import { claimLeaseMs, IDEMPOTENCY_RETENTION_MS } from '../src/objects/admission/protocol'
import { sendLater } from '../src/send/later'
import {
  deliverJobs as deliver,
  KEYS,
  lineNotification,
  MESSAGE_ID,
  recordingQueue,
  sendWith,
  signedGet,
  signedPost,
  textMessage,
  upstreamReceived,
} from './helpers'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
const bindings = env as unknown as Bindings
const config = readConfig(bindings)
const SUB_ACCOUNT = 'demo-subaccount'
/** textMessage()'s recipient. */
const RECIPIENT = '+15551234567'
/** The key's pace as the test configuration sets it (vitest.config.ts). */
const PACE = { ratePerSecond: 100_000, burst: 100_000 }
const iso = (ms: number) => new Date(ms).toISOString()

afterEach(() => {
  vi.useRealTimers()
})

async function shown(id: string, queue: Queue<DeliveryJob>): Promise<Record<string, unknown>> {
  const response = await sendWith(await signedGet(`/v1/messages/${id}`), queue)
  expect(response.status).toBe(200)
  return (await response.json()) as Record<string, unknown>
}

/** The record `GET /v1/messages/:id` shows of a synchronous send made at `at` (no receipts). */
function sentRecord(id: string, umid: string, at: number, batchId: string | null = null) {
  return {
    id,
    clientMessageId: id,
    umid,
    status: { state: 'queued', timestamp: iso(at) },
    deliveryAttempts: 1,
    batchId,
    createdAt: iso(at),
    updatedAt: iso(at),
    history: [],
  }
}

async function stored(id: string) {
  return env.DB.prepare(
    'SELECT idempotency_key, batch_id, payload, idempotency_retired_at FROM messages WHERE id = ?',
  )
    .bind(id)
    .first<{
      idempotency_key: string
      batch_id: string | null
      payload: string | null
      idempotency_retired_at: number
    }>()
}

/** The same idempotency key, a day and a second apart, for two sends: each answer, in order. */
async function twice(
  path: string,
  bodies: readonly [unknown, unknown],
  queue: Queue<DeliveryJob>,
  prefer?: string,
): Promise<{ start: number; later: number; first: Response; second: Response }> {
  const idempotencyKey = `reused-${crypto.randomUUID()}`
  const post = (body: unknown) =>
    signedPost(JSON.stringify(body), {
      path,
      idempotencyKey,
      ...(prefer === undefined ? {} : { prefer }),
    })
  const start = Date.now()
  vi.setSystemTime(start)
  const first = await sendWith(await post(bodies[0]), queue)
  const later = start + IDEMPOTENCY_RETENTION_MS + 1_000
  vi.setSystemTime(later)
  const second = await sendWith(await post(bodies[1]), queue)
  return { start, later, first, second }
}

describe('an idempotency key used again after its 24 h is a new request, with its own record', () => {
  it('POST /v1/messages: the second send is answered, recorded and shown under its own id', async () => {
    const { queue } = recordingQueue()
    const text = `second ${crypto.randomUUID()}`
    const { later, first, second } = await twice(
      '/v1/messages',
      [textMessage(), textMessage(text)],
      queue,
    )
    expect(first.status).toBe(200)
    const { id: firstId } = (await first.json()) as { id: string }
    expect(second.status).toBe(200)
    const body = (await second.json()) as { id: string; umid: string }
    expect(body).toEqual({
      id: expect.stringMatching(MESSAGE_ID),
      clientMessageId: body.id,
      umid: expect.any(String),
      // 8x8's (the sandbox's clock, not held)
      status: { state: 'queued', timestamp: expect.stringMatching(ISO) },
    })
    expect(body.id).not.toBe(firstId)
    expect(await upstreamReceived(text)).toHaveLength(1)
    expect(await shown(body.id, queue)).toEqual(sentRecord(body.id, body.umid, later))
  })

  it('POST /v1/messages/batch: the second batch is recorded under its own ids and batch', async () => {
    const { queue } = recordingQueue()
    const { later, first, second } = await twice(
      '/v1/messages/batch',
      [{ messages: [textMessage()] }, { messages: [textMessage()] }],
      queue,
    )
    expect(first.status).toBe(200)
    const firstBody = (await first.json()) as { messages: { id: string }[] }
    expect(second.status).toBe(200)
    const body = (await second.json()) as {
      batchId: string
      messages: { id: string; umid: string }[]
    }
    const [message] = body.messages
    if (message === undefined) throw new Error('no message')
    expect(message.id).not.toBe(firstBody.messages[0]?.id)
    expect(await shown(message.id, queue)).toEqual(
      sentRecord(message.id, message.umid, later, body.batchId),
    )
  })

  it('POST /v1/line-notifications: the second notification is recorded under its own id', async () => {
    const { queue } = recordingQueue()
    const { later, first, second } = await twice(
      '/v1/line-notifications',
      [lineNotification(crypto.randomUUID()), lineNotification(crypto.randomUUID())],
      queue,
    )
    expect(first.status).toBe(200)
    const { id: firstId } = (await first.json()) as { id: string }
    expect(second.status).toBe(200)
    const body = (await second.json()) as { id: string; umid: string }
    expect(body.id).not.toBe(firstId)
    expect(await shown(body.id, queue)).toEqual({
      type: 'line_notification',
      ...sentRecord(body.id, body.umid, later),
    })
  })

  it('POST /v1/messages, respond-async: answered with a new id, and the new message is sent', async () => {
    const { queue, jobs } = recordingQueue()
    const text = `second ${crypto.randomUUID()}`
    const { later, first, second } = await twice(
      '/v1/messages',
      [textMessage(), textMessage(text)],
      queue,
      'respond-async',
    )
    expect(first.status).toBe(202)
    const { id: firstId } = (await first.json()) as { id: string }
    expect(second.status).toBe(202)
    const body = (await second.json()) as { id: string }
    expect(body).toEqual({
      id: expect.stringMatching(UUID),
      clientMessageId: body.id,
      umid: null,
      status: { state: 'accepted', timestamp: iso(later) },
    })
    expect(body.id).not.toBe(firstId)
    expect(jobs).toEqual([
      { id: firstId, subAccount: SUB_ACCOUNT, recipient: RECIPIENT, pace: PACE },
      { id: body.id, subAccount: SUB_ACCOUNT, recipient: RECIPIENT, pace: PACE },
    ])
    // The first try's records are retired, not removed.
    expect((await stored(firstId))?.idempotency_retired_at).toBe(later)
    await deliver(jobs)
    const [received] = await upstreamReceived(text)
    expect(JSON.parse(received?.raw ?? '{}')).toEqual({
      ...textMessage(text),
      clientMessageId: body.id,
    })
    expect(await upstreamReceived(text)).toHaveLength(1)
  })

  it('POST /v1/messages/batch, respond-async: a new batch, its own records, each sent', async () => {
    const { queue, jobs } = recordingQueue()
    const text = `second ${crypto.randomUUID()}`
    const { later, first, second } = await twice(
      '/v1/messages/batch',
      [{ messages: [textMessage()] }, { messages: [textMessage(text)] }],
      queue,
      'respond-async',
    )
    expect(first.status).toBe(202)
    const firstBody = (await first.json()) as { batchId: string; messages: { id: string }[] }
    expect(second.status).toBe(202)
    const body = (await second.json()) as { batchId: string; messages: { id: string }[] }
    const id = body.messages[0]?.id ?? ''
    expect(body).toEqual({
      batchId: expect.stringMatching(UUID),
      acceptedCount: 1,
      messages: [
        {
          id,
          clientMessageId: id,
          umid: null,
          status: { state: 'accepted', timestamp: iso(later) },
        },
      ],
    })
    expect(id).not.toBe(firstBody.messages[0]?.id)
    expect(body.batchId).not.toBe(firstBody.batchId)
    expect((await stored(id))?.batch_id).toBe(body.batchId)
    await deliver(jobs)
    expect(await upstreamReceived(text)).toHaveLength(1)
  })

  it('POST /v1/line-notifications, respond-async: a new id, and the new notification is sent', async () => {
    const { queue, jobs } = recordingQueue()
    const marker = crypto.randomUUID()
    const { first, second } = await twice(
      '/v1/line-notifications',
      [lineNotification(crypto.randomUUID()), lineNotification(marker)],
      queue,
      'respond-async',
    )
    expect(first.status).toBe(202)
    const { id: firstId } = (await first.json()) as { id: string }
    expect(second.status).toBe(202)
    const body = (await second.json()) as { id: string }
    expect(body.id).not.toBe(firstId)
    expect(jobs.map((job) => job.id)).toEqual([firstId, body.id])
    await deliver(jobs)
    expect(await upstreamReceived(marker)).toHaveLength(1)
  })
})

describe('a retry of one asynchronous request finds the records of its first try', () => {
  const accepted = (idempotencyKey: string, createdAt: number, batchId: string) => {
    const id = crypto.randomUUID()
    return {
      id,
      keyId: KEYS.ed25519,
      idempotencyKey,
      clientMessageId: id,
      subAccount: SUB_ACCOUNT,
      payload: JSON.stringify({ ...textMessage(), clientMessageId: id }),
      createdAt,
      batchId,
    }
  }

  it('within 24 h: the first records and batch id; after them: records of its own', async () => {
    const key = `retry-${crypto.randomUUID()}`
    const start = Date.now()
    const { queue, jobs } = recordingQueue()
    const first = accepted(key, start, crypto.randomUUID())
    expect(await sendLater({ db: env.DB, delivery: queue }, [first])).toEqual([
      { id: first.id, clientMessageId: first.id, batchId: first.batchId },
    ])
    // The answer was lost (its claim abandoned): the client's retry a minute later.
    const retry = accepted(key, start + 60_000, crypto.randomUUID())
    expect(await sendLater({ db: env.DB, delivery: queue }, [retry])).toEqual([
      { id: first.id, clientMessageId: first.id, batchId: first.batchId },
    ])
    // A retry that carries a message the first try did not (its recipient refused it then):
    // recorded under the first try's batch.
    const more = { ...accepted(key, start + 90_000, crypto.randomUUID()), batchIndex: 1 }
    expect(await sendLater({ db: env.DB, delivery: queue }, [more])).toEqual([
      { id: more.id, clientMessageId: more.id, batchId: first.batchId },
    ])
    expect(await stored(retry.id)).toBeNull()
    // Within the retention they are found.
    const last = accepted(key, start + IDEMPOTENCY_RETENTION_MS - 1, crypto.randomUUID())
    expect(await sendLater({ db: env.DB, delivery: queue }, [last])).toEqual([
      { id: first.id, clientMessageId: first.id, batchId: first.batchId },
    ])
    // Retired once the newest record of the request (the retry's) is older than the retention.
    const early = accepted(key, start + 90_000 + IDEMPOTENCY_RETENTION_MS - 1, crypto.randomUUID())
    expect(await sendLater({ db: env.DB, delivery: queue }, [early])).toEqual([
      { id: first.id, clientMessageId: first.id, batchId: first.batchId },
    ])
    const reused = accepted(key, start + 90_000 + IDEMPOTENCY_RETENTION_MS, crypto.randomUUID())
    expect(await sendLater({ db: env.DB, delivery: queue }, [reused])).toEqual([
      { id: reused.id, clientMessageId: reused.id, batchId: reused.batchId },
    ])
    expect(jobs.map((job) => job.id)).toEqual([
      first.id,
      first.id,
      more.id,
      first.id,
      first.id,
      reused.id,
    ])
    expect((await stored(more.id))?.idempotency_retired_at).toBe(reused.createdAt)
  })

  it('POST /v1/messages/batch, respond-async, its answer lost: the retry is answered the batch its records carry', async () => {
    const idempotencyKey = crypto.randomUUID()
    const body = JSON.stringify({ messages: [textMessage(), textMessage()] })
    const post = () =>
      signedPost(body, { path: '/v1/messages/batch', prefer: 'respond-async', idempotencyKey })
    const start = Date.now()
    vi.setSystemTime(start)
    // The admission object answers the admission, but its completion never arrives: the claim
    // is abandoned, and the client's retry proceeds once its lease has passed.
    const admission = env.ADMISSION
    const unreachable = {
      idFromName: (name: string) => admission.idFromName(name),
      get: (id: DurableObjectId) => {
        const stub = admission.get(id)
        return {
          admit: (input: Parameters<typeof stub.admit>[0]) => stub.admit(input),
          complete: () => Promise.reject(new Error('admission unreachable')),
        }
      },
    } as unknown as typeof admission
    const { queue, jobs } = recordingQueue()
    const ctx = createExecutionContext()
    const lost = await app.fetch(
      await post(),
      { ...bindings, DELIVERY: queue, ADMISSION: unreachable },
      ctx,
    )
    await waitOnExecutionContext(ctx)
    expect(lost.status).toBe(202)
    const first = (await lost.json()) as { batchId: string; messages: { id: string }[] }

    // The route's lease: its call to 8x8's timeout (UPSTREAM_TIMEOUT_MS) and 30 s.
    const lease = claimLeaseMs(config.upstreamTimeoutMs)
    vi.setSystemTime(start + lease + 1_000)
    const retried = await sendWith(await post(), queue)
    expect(retried.status).toBe(202)
    expect(retried.headers.get('idempotency-replayed')).toBeNull()
    expect(await retried.json()).toEqual({
      batchId: first.batchId,
      acceptedCount: 2,
      messages: first.messages.map(({ id }) => ({
        id,
        clientMessageId: id,
        umid: null,
        status: { state: 'accepted', timestamp: iso(start + lease + 1_000) },
      })),
    })
    // Queued again: the consumer's claim sends each once.
    expect(jobs.map(({ id }) => id)).toEqual([
      ...first.messages.map(({ id }) => id),
      ...first.messages.map(({ id }) => id),
    ])
  })
})

describe('an asynchronous send whose jobs the queue did not all take', () => {
  it('is accepted (D1 holds every record), and the cron trigger queues what no attempt claimed', async () => {
    const { queue, jobs } = recordingQueue(2)
    const createdAt = Date.now()
    const batchId = crypto.randomUUID()
    const idempotencyKey = `half-${crypto.randomUUID()}`
    const messages = Array.from({ length: 150 }, (_, index) => {
      const id = crypto.randomUUID()
      return {
        id,
        keyId: KEYS.ed25519,
        idempotencyKey,
        clientMessageId: `cmid-${index}`,
        subAccount: SUB_ACCOUNT,
        payload: JSON.stringify({ ...textMessage(), clientMessageId: id }),
        createdAt,
        batchId,
        batchIndex: index,
        recipient: RECIPIENT,
      }
    })
    const pacing = messages.map(() => ({ recipient: RECIPIENT, pace: PACE }))
    expect(await sendLater({ db: env.DB, delivery: queue }, messages, pacing)).toEqual(
      messages.map(({ id, clientMessageId }) => ({ id, clientMessageId, batchId })),
    )
    expect(jobs).toHaveLength(100)
    // One was claimed by its job meanwhile: it is never queued again.
    const claimedId = messages[0]?.id ?? ''
    expect(
      await claim(env.DB, claimedId, createdAt + 1, {
        leaseMs: 60_000,
        ambiguousRetryAfterMs: config.ambiguousRetryAfterMs,
        ambiguousRetries: AMBIGUOUS_RETRIES,
      }),
    ).toMatchObject({ attempts: 1 })

    const swept = recordingQueue()
    const now = createdAt + config.reconcileAfterMs + 1
    const sweep = () => requeueUnclaimed({ db: env.DB, delivery: swept.queue, config }, now)
    const ours = new Set(messages.map(({ id }) => id))
    await sweep()
    // Every one but the claimed one, once; their order (messages accepted in one millisecond) is
    // the index's, not the request's.
    const byId = (a: { readonly id: string }, b: { readonly id: string }) =>
      a.id < b.id ? -1 : a.id > b.id ? 1 : 0
    expect(swept.jobs.filter((job) => ours.has(job.id)).sort(byId)).toEqual(
      messages
        .slice(1)
        .map(({ id }) => ({
          id,
          subAccount: SUB_ACCOUNT,
          recipient: RECIPIENT,
          pace: PACE,
        }))
        .sort(byId),
    )
    // Not again within the same period.
    swept.jobs.length = 0
    await sweep()
    expect(swept.jobs.filter((job) => ours.has(job.id))).toEqual([])
  })

  it('POST /v1/messages/batch, respond-async, the queue down: 202 with the batch its records carry, replayed to a retry; the cron trigger queues them and each is sent once', async () => {
    const idempotencyKey = crypto.randomUUID()
    const texts = [`a ${crypto.randomUUID()}`, `b ${crypto.randomUUID()}`]
    const body = JSON.stringify({ messages: texts.map((text) => textMessage(text)) })
    const post = () =>
      signedPost(body, { path: '/v1/messages/batch', prefer: 'respond-async', idempotencyKey })
    const start = Date.now()
    vi.setSystemTime(start)
    const broken = recordingQueue(1)
    const answer = await sendWith(await post(), broken.queue)
    expect(answer.status).toBe(202)
    const answered = (await answer.json()) as { batchId: string; messages: { id: string }[] }
    const ids = answered.messages.map(({ id }) => id)
    expect(answered).toEqual({
      batchId: expect.stringMatching(UUID),
      acceptedCount: 2,
      messages: ids.map((id) => ({
        id,
        clientMessageId: id,
        umid: null,
        status: { state: 'accepted', timestamp: iso(start) },
      })),
    })
    for (const id of ids) expect((await stored(id))?.batch_id).toBe(answered.batchId)

    const retried = await sendWith(await post(), broken.queue)
    expect(retried.status).toBe(202)
    expect(retried.headers.get('idempotency-replayed')).toBe('true')
    expect(await retried.json()).toEqual(answered)

    const swept = recordingQueue()
    await requeueUnclaimed(
      { db: env.DB, delivery: swept.queue, config },
      start + config.reconcileAfterMs + 1,
    )
    const jobs = swept.jobs.filter((job) => ids.includes(job.id))
    // Both, in the index's order (they were accepted in one millisecond).
    expect(jobs.map(({ id }) => id).sort()).toEqual([...ids].sort())
    expect(jobs).toEqual(
      jobs.map(({ id }) => ({
        id,
        subAccount: SUB_ACCOUNT,
        recipient: RECIPIENT,
        pace: PACE,
      })),
    )
    // A second job of each (had the queue taken the first after all) changes nothing.
    await deliver([...jobs, ...jobs])
    for (const text of texts) expect(await upstreamReceived(text)).toHaveLength(1)
  })
})
