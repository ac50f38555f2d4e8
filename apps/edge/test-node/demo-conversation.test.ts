/**
 * `pnpm demo:conversation`'s steps (scripts/conversation.ts), run against the real gateway and
 * sandbox (@chatapps/testkit, on loopback): every answer, exactly.
 */
import { type Stack, sandboxMessages, startStack } from '@chatapps/testkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  type ConversationResult,
  readContact,
  runConversation,
  runRecipient,
} from '../scripts/conversation'

let stack: Stack

beforeAll(async () => {
  stack = await startStack()
}, 240_000)
afterAll(async () => {
  await stack?.stop()
})

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

describe('pnpm demo:conversation against the stack', () => {
  test('hello, an answer in the window, STOP, a refusal, START, a send again', async () => {
    const recipient = runRecipient()
    expect(recipient).toMatch(/^\+1555\d{7}$/)
    const lines: string[] = []
    const result: ConversationResult = await runConversation({
      gateway: stack.url,
      sandbox: stack.sandboxUrl,
      recipient,
      log: (line) => lines.push(line),
    })

    // (a) The customer writes; the gateway opens the window for 24 hours from when they wrote.
    expect(result.hello.status).toBe(200)
    expect(result.hello.umid).toMatch(UUID)
    expect(result.afterHello.recipient).toBe(recipient)
    expect(result.afterHello.serviceWindow.open).toBe(true)
    expect(result.afterHello.serviceWindow.closedAt).toBeNull()
    const openUntil = Date.parse(result.afterHello.serviceWindow.openUntil ?? '')
    expect(openUntil - Date.parse(result.hello.timestamp)).toBe(24 * 60 * 60 * 1000)
    // It reached the gateway after the customer wrote it.
    const lastInbound = Date.parse(result.afterHello.lastInboundAt ?? '')
    expect(lastInbound).toBeGreaterThanOrEqual(Date.parse(result.hello.timestamp))
    expect(result.afterHello.consent).toStrictEqual({
      state: 'subscribed',
      facts: [],
      history: [],
    })

    // (b) The answer goes, inside the window: no Chatapps-Service-Window header or member.
    expect(result.answer.status).toBe(200)
    expect(result.answer.serviceWindowHeader).toBeNull()
    expect(result.answer.body).not.toHaveProperty('serviceWindow')
    const sent = (body: Record<string, unknown>) => ({
      id: expect.stringMatching(UUID),
      clientMessageId: body.id,
      umid: expect.stringMatching(UUID),
      status: { state: 'queued', timestamp: expect.stringMatching(ISO) },
    })
    expect(result.answer.body).toStrictEqual(sent(result.answer.body))

    // (c) STOP: opted out, by the user.
    expect(result.stop.status).toBe(200)
    expect(result.afterStop.consent.state).toBe('opted_out')
    expect(result.afterStop.consent.history).toHaveLength(1)
    expect(result.afterStop.consent.history[0]).toStrictEqual({
      state: 'opted_out',
      by: 'user',
      reason: 'STOP',
      at: expect.stringMatching(ISO),
    })
    expect(result.afterStop.consent.facts).toStrictEqual(result.afterStop.consent.history)

    // (d) The marketing template is refused, and nothing reached the sandbox.
    expect(result.refused.status).toBe(422)
    expect(result.refused.body).toStrictEqual({
      type: '/problems/recipient_opted_out',
      title: 'Recipient opted out',
      status: 422,
      detail: 'The recipient is opted out (user: STOP); nothing was sent.',
      code: 'recipient_opted_out',
      recipient,
    })

    // (e) START lifts it; the next send goes.
    expect(result.start.status).toBe(200)
    expect(result.afterStart.consent.state).toBe('subscribed')
    expect(
      result.afterStart.consent.history.map(({ state, by, reason }) => [state, by, reason]),
    ).toStrictEqual([
      ['opted_out', 'user', 'STOP'],
      ['subscribed', 'user', 'START'],
    ])
    expect(result.again.status).toBe(200)
    expect(result.again.serviceWindowHeader).toBeNull()
    expect(result.again.body).toStrictEqual(sent(result.again.body))

    // (f) With the BSUID beside the number: one contact under two names.
    expect(result.both.status).toBe(200)
    expect(result.bsuid).toBe(`US.${recipient.slice(1)}`)
    expect(result.byBsuid.recipient).toBe(result.bsuid)
    expect(result.byBsuid.sameAs).toBe(recipient)
    expect(result.byBsuid.consent.state).toBe('subscribed')
    expect(result.byBsuid.consent.history).toHaveLength(2)
    expect(result.toBsuid.status).toBe(200)
    expect(result.toBsuid.body).toStrictEqual(sent(result.toBsuid.body))
    const contact = await readContact(stack.url, recipient)
    expect(contact.aliases).toStrictEqual([result.bsuid])
    expect(contact.lastOutboundAt).not.toBeNull()

    // What reached the sandbox for this customer: the two texts, never the template.
    const received = (await sandboxMessages(stack.sandboxUrl))
      .map((entry) => entry.body as { user?: { msisdn?: string }; type?: string })
      .filter((body) => body.user?.msisdn === recipient)
      .map((body) => body.type)
    expect(received).toStrictEqual(['text', 'text'])

    expect(lines[0]).toBe(
      `(a) The customer ${recipient} writes "Hi! Is my order ready?" (POST /__sandbox/inbound)`,
    )
    expect(lines.filter((line) => /^\([a-f]\) /.test(line))).toHaveLength(6)
  })
})
