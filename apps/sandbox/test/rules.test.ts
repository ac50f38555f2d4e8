import { safeParseEvent } from '@chatapps/dsl'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PAIR_BURST, PAIR_INTERVAL_MS, refill } from '../src/conversation/rules'
import {
  aTimestamp,
  batchPath,
  call,
  calls,
  clear,
  clearRecorder,
  eventually,
  expectJson,
  messagesPath,
  post,
  SUB,
  TEXT,
} from './helpers'

beforeEach(async () => {
  await clear()
  await clearRecorder()
})
afterEach(async () => {
  expect((await call('/__sandbox/rules', { method: 'DELETE' })).status).toBe(204)
})

const FROM = TEXT.user.msisdn

const template = (name: string) => ({
  user: { msisdn: FROM },
  type: 'template',
  content: { template: { name, language: 'en' } },
})

async function setRules(rules: Record<string, unknown>) {
  const response = await post('/__sandbox/rules', rules, {})
  expect(response.status).toBe(200)
}

async function send(body: unknown): Promise<string> {
  const response = await post(messagesPath(), body)
  expect(response.status).toBe(200)
  return ((await response.json()) as { umid: string }).umid
}

async function customer(body: Record<string, unknown>) {
  expect((await post('/__sandbox/inbound', { from: FROM, ...body }, {})).status).toBe(200)
}

/** The states of a message's receipts once `count` arrived, with the last one's status. */
async function receiptsOf(umid: string, count: number) {
  const got = await eventually(async () => {
    const all = await calls(umid)
    return all.length >= count ? all : undefined
  })
  return got.map((call) => call.body)
}

/** The undelivered receipt of a rule's failure, exactly as the webhook gets it. */
function failed(umid: string, errorCode: number, errorMessage: string, providerErrorCode: string) {
  return {
    version: 9,
    namespace: 'ChatApps',
    eventType: 'outbound_message_status_changed',
    description: 'ChatApps outbound message delivery receipt',
    payload: {
      umid,
      subAccountId: SUB,
      channel: 'whatsapp',
      user: { msisdn: FROM },
      status: { state: 'undelivered', timestamp: aTimestamp(), errorCode, errorMessage },
      whatsapp: { providerErrorCode },
    },
  }
}

const WINDOW_MESSAGE =
  'Re-engagement message: more than 24 hours have passed since the user last replied'

describe('/__sandbox/rules', () => {
  it('has every rule off by default, takes a new set, and refuses a bad one', async () => {
    await expectJson(await call('/__sandbox/rules'), 200, {
      window: false,
      pairRate: false,
      optOut: false,
    })
    await expectJson(
      await post('/__sandbox/rules', { window: true, marketingTemplates: ['promo'] }, {}),
      200,
      {
        window: true,
        pairRate: false,
        optOut: false,
        marketingTemplates: ['promo'],
      },
    )
    await expectJson(await post('/__sandbox/rules', { window: 'yes', typo: true }, {}), 400, {
      error: 'Invalid rules',
      issues: [
        { path: 'window', message: expect.any(String) },
        { path: 'typo', message: expect.any(String) },
      ],
    })
    expect((await call('/__sandbox/rules', { method: 'DELETE' })).status).toBe(204)
    await expectJson(await call('/__sandbox/rules'), 200, {
      window: false,
      pairRate: false,
      optOut: false,
    })
  })
})

describe('the 24-hour window', () => {
  it('is not enforced unless switched on', async () => {
    const umid = await send(TEXT)
    const states = (await receiptsOf(umid, 4)).map((body) => body.payload.status.state)
    expect(states).toStrictEqual(['queued', 'sent', 'delivered', 'read'])
  })

  it('fails a free-form message to a user who never wrote with 1022', async () => {
    await setRules({ window: true })
    const umid = await send(TEXT)
    const [queued, undelivered] = await receiptsOf(umid, 2)
    expect(queued?.payload.status.state).toBe('queued')
    expect(undelivered).toStrictEqual(failed(umid, 1022, WINDOW_MESSAGE, '131047'))
    const parsed = safeParseEvent(undelivered)
    expect(parsed.success && parsed.output.kind).toBe('delivery_receipt')
    // The details show the failure too, once it is due.
    const details = await eventually(async () => {
      const response = await call(`${messagesPath()}/${umid}`, {
        headers: { Authorization: 'Bearer sandbox-demo-key' },
      })
      const body = (await response.json()) as { data: { status: { state: string } }[] }
      return body.data[0]?.status.state === 'undelivered' ? body.data[0] : undefined
    })
    expect(details.status).toStrictEqual({
      state: 'undelivered',
      timestamp: aTimestamp(),
      errorCode: 1022,
      errorMessage: WINDOW_MESSAGE,
    })
  })

  it('lets a message through within 24 hours of the user writing, and a template any time', async () => {
    await setRules({ window: true })
    const tpl = await send(template('order_update'))
    await customer({ text: 'Hi', timestamp: new Date(Date.now() - 23 * 3600_000).toISOString() })
    const umid = await send(TEXT)
    for (const id of [tpl, umid]) {
      const states = (await receiptsOf(id, 4)).map((body) => body.payload.status.state)
      expect(states).toStrictEqual(['queued', 'sent', 'delivered', 'read'])
    }
  })

  it('closes 24 hours after the user last wrote', async () => {
    await setRules({ window: true })
    await customer({
      text: 'Hi',
      timestamp: new Date(Date.now() - 24 * 3600_000 - 1000).toISOString(),
    })
    const umid = await send(TEXT)
    expect((await receiptsOf(umid, 2))[1]).toStrictEqual(
      failed(umid, 1022, WINDOW_MESSAGE, '131047'),
    )
  })
})

describe('marketing opt-out', () => {
  const OPT_OUT = 'Unable to deliver the marketing message: the user opted out of marketing'

  it('fails a marketing template to a user who wrote STOP with 1051, until START', async () => {
    await setRules({ optOut: true, marketingTemplates: ['summer_sale'] })
    await customer({ text: ' stop ' })
    const promo = await send(template('summer_sale'))
    const utility = await send(template('order_update'))
    expect((await receiptsOf(promo, 2))[1]).toStrictEqual(failed(promo, 1051, OPT_OUT, '131050'))
    const states = (await receiptsOf(utility, 4)).map((body) => body.payload.status.state)
    expect(states).toStrictEqual(['queued', 'sent', 'delivered', 'read'])
    await customer({ text: 'START' })
    const again = await send(template('summer_sale'))
    expect((await receiptsOf(again, 4)).map((body) => body.payload.status.state)).toStrictEqual([
      'queued',
      'sent',
      'delivered',
      'read',
    ])
  })

  it('counts every template as marketing without a list', async () => {
    await setRules({ optOut: true })
    await customer({ text: 'STOP' })
    const umid = await send(template('order_update'))
    expect((await receiptsOf(umid, 2))[1]).toStrictEqual(failed(umid, 1051, OPT_OUT, '131050'))
  })
})

describe('the pair rate', () => {
  it(`lets a burst of ${PAIR_BURST} through to one user, then fails with 1028`, async () => {
    await setRules({ pairRate: true })
    const messages = Array.from({ length: PAIR_BURST + 1 }, () => TEXT)
    const other = { ...TEXT, user: { msisdn: '+15557654321' } }
    const response = await post(batchPath(), {
      messages: [...messages, other],
      includeMessagesInResponse: true,
    })
    const { batchId, messages: sent } = (await response.json()) as {
      batchId: string
      messages: { umid: string }[]
    }
    const last = sent[PAIR_BURST]?.umid ?? ''
    const allowed = sent[PAIR_BURST - 1]?.umid ?? ''
    const otherUser = sent[PAIR_BURST + 1]?.umid ?? ''
    const pairFailed = failed(
      last,
      1028,
      '(Business Account, Consumer Account) pair rate limit hit',
      '131056',
    )
    expect((await receiptsOf(last, 2))[1]).toStrictEqual({
      ...pairFailed,
      payload: { ...pairFailed.payload, batchId },
    })
    expect((await receiptsOf(allowed, 2))[1]?.payload.status.state).toBe('sent')
    expect((await receiptsOf(otherUser, 2))[1]?.payload.status.state).toBe('sent')
  })
})

describe('refill (the pair-rate bucket)', () => {
  it('starts full, gains one message per 6 s, and never holds more than the burst', () => {
    expect(refill(null, 1000)).toStrictEqual({ tokens: PAIR_BURST, at: 1000 })
    expect(refill({ tokens: 0, at: 0 }, PAIR_INTERVAL_MS - 1).tokens).toBeLessThan(1)
    expect(refill({ tokens: 0, at: 0 }, PAIR_INTERVAL_MS)).toStrictEqual({
      tokens: 1,
      at: PAIR_INTERVAL_MS,
    })
    expect(refill({ tokens: 44.5, at: 0 }, 60 * PAIR_INTERVAL_MS).tokens).toBe(PAIR_BURST)
  })
})
