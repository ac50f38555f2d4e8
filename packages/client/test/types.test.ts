// Type tests: `tsc -p tsconfig.json` (the `typecheck` script) checks them; every
// `@ts-expect-error` must meet an error, so a loosened type fails the typecheck.
import { msg } from '@chatapps/dsl'
import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  type AcceptedMessage,
  type BatchResult,
  type ChatappsErrorCode,
  type ChatappsIssue,
  type Client,
  createClient,
  type HistoryEntry,
  isChatappsError,
  type MessageRecord,
  type MessageStatus,
  type MessageStatusCallback,
  type MessageSummary,
  type SentMessage,
} from '../src/index'

const message = msg.to('+15551234567').text('Hi')

async function types(client: Client, flag: boolean, error: unknown) {
  expectTypeOf(await client.send(message)).toEqualTypeOf<SentMessage>()
  expectTypeOf(await client.send(message, { async: false })).toEqualTypeOf<SentMessage>()
  expectTypeOf(await client.send(message, { async: true })).toEqualTypeOf<
    AcceptedMessage | SentMessage
  >()
  expectTypeOf(await client.send(message, { async: flag })).toEqualTypeOf<
    AcceptedMessage | SentMessage
  >()
  expectTypeOf(await client.sendBatch([message])).toEqualTypeOf<BatchResult>()
  expectTypeOf(await client.get('id')).toEqualTypeOf<MessageRecord>()

  const result = await client.send(message, { async: true })
  if (result.kind === 'accepted') {
    expectTypeOf(result.status.state).toEqualTypeOf<'accepted'>()
    expectTypeOf(result.umid).toEqualTypeOf<null>()
  } else expectTypeOf(result.umid).toEqualTypeOf<string>()

  // One shape for a message: every answer, batch item, record and callback is a MessageSummary
  // whose status is the same MessageStatus object.
  const record = await client.get('id')
  const batch = await client.sendBatch([message])
  expectTypeOf(result).toMatchTypeOf<MessageSummary>()
  expectTypeOf(record).toMatchTypeOf<MessageSummary>()
  expectTypeOf(batch.messages[0]).toEqualTypeOf<MessageSummary | undefined>()
  expectTypeOf<MessageStatusCallback['data']>().toEqualTypeOf<MessageSummary>()
  // The gateway's own `failed` or `unknown` of an async message comes before any umid.
  expectTypeOf<MessageStatusCallback['data']['umid']>().toEqualTypeOf<string | null>()
  expectTypeOf(record.status).toEqualTypeOf<MessageStatus>()
  expectTypeOf(record.status.reason).toEqualTypeOf<string | undefined>()
  expectTypeOf(record.status.errorCode).toEqualTypeOf<number | string | undefined>()
  expectTypeOf(record.deliveryAttempts).toEqualTypeOf<number>()
  expectTypeOf(record.meta.requests).toEqualTypeOf<number>()
  expectTypeOf(record.history).toEqualTypeOf<readonly HistoryEntry[]>()
  // @ts-expect-error the status is an object, never a bare state
  const _bare: MessageRecord['status'] = 'read'
  // @ts-expect-error the record's counter is deliveryAttempts; a call counts its requests
  record.attempts

  if (isChatappsError(error)) {
    expectTypeOf(error.code).toEqualTypeOf<ChatappsErrorCode>()
    expectTypeOf(error.issues).toEqualTypeOf<readonly ChatappsIssue[]>()
    expectTypeOf(error.retryAfter).toEqualTypeOf<number | undefined>()
  }

  // @ts-expect-error a number is not a message
  await client.send(42)
  // @ts-expect-error an idempotency key is a string
  await client.send(message, { idempotencyKey: 7 })
  // @ts-expect-error a batch is a list of messages
  await client.sendBatch(message)
  // @ts-expect-error unknown option
  await client.send(message, { asynchronous: true })
}

function options() {
  // @ts-expect-error the algorithm is ed25519 or hmac-sha256
  createClient({ baseUrl: 'https://edge.test', keyId: 'k', key: 'x', alg: 'rsa' })
  // @ts-expect-error baseUrl is required
  createClient({ keyId: 'k', key: 'x' })
  // @ts-expect-error with exactOptionalPropertyTypes, an explicit undefined is not a retry count
  createClient({ baseUrl: 'https://edge.test', keyId: 'k', key: 'x', retries: undefined })
}

describe('types', () => {
  it('Should compile (checked by tsc)', () => {
    expect(typeof types).toBe('function')
    expect(typeof options).toBe('function')
  })
})
