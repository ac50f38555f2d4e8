import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  call,
  calls,
  clear,
  clearRecorder,
  eventually,
  KEY,
  messagesPath,
  post,
  SUB,
} from './helpers'

beforeEach(async () => {
  await clear()
  await clearRecorder()
})
afterEach(async () => {
  expect((await call('/__sandbox/rules', { method: 'DELETE' })).status).toBe(204)
})

const FROM = '+15551234567'
const AUTH = { Authorization: `Bearer ${KEY}` }

async function fragment(query = ''): Promise<string> {
  const response = await call(`/__sandbox/inbox${query}`)
  expect(response.status).toBe(200)
  return response.text()
}

async function customer(body: Record<string, unknown>): Promise<string> {
  const response = await post('/__sandbox/inbound', { from: FROM, ...body }, {})
  expect(response.status).toBe(200)
  return ((await response.json()) as { umid: string }).umid
}

describe('the inbox holds conversations', () => {
  it('draws the customer side with grey ticks, blue once the business marked it read', async () => {
    const umid = await customer({ text: 'Hi <b>there</b>' })
    const unread = await fragment()
    expect(unread).toContain(`<li class="sbx-in" data-umid="${umid}" data-read="false">`)
    expect(unread).toContain('<p class="sbx-bubble">Hi &lt;b&gt;there&lt;/b&gt;</p>')
    expect(unread).toContain(
      '<span class="sbx-ticks sbx-delivered" role="img" aria-label="delivered to the business" title="delivered to the business">✓✓</span>',
    )
    expect((await post(`/api/v1/subaccounts/${SUB}/messages/${umid}/read`, '', AUTH)).status).toBe(
      200,
    )
    const read = await fragment()
    expect(read).toContain(`<li class="sbx-in" data-umid="${umid}" data-read="true">`)
    expect(read).toContain(
      '<span class="sbx-ticks sbx-read" role="img" aria-label="read by the business" title="read by the business">✓✓</span>',
    )
  })

  it('puts both sides of a chat in time order, and names replies by what was tapped', async () => {
    await customer({ text: 'first' })
    const business = await post(messagesPath(), {
      user: { msisdn: FROM },
      type: 'text',
      content: { text: 'second' },
    })
    expect(business.status).toBe(200)
    await customer({ button: { id: 'y', title: 'Yes' } })
    const html = await fragment()
    const first = html.indexOf('first')
    const second = html.indexOf('second')
    const third = html.indexOf('▸ Yes')
    expect(first).toBeGreaterThan(-1)
    expect(second).toBeGreaterThan(first)
    expect(third).toBeGreaterThan(second)
    expect(html).toContain('<span class="sbx-count">3 messages</span>')
  })

  it('shows the business typing until it answers', async () => {
    const umid = await customer({ text: 'Hi' })
    const typing = { channel: 'whatsapp', type: 'typing', umid }
    expect((await post(`/api/v1/subaccounts/${SUB}/events`, typing, AUTH)).status).toBe(200)
    expect(await fragment()).toContain(
      '<p class="sbx-typing" role="status">The business is typing…</p>',
    )
    await post(messagesPath(), { user: { msisdn: FROM }, type: 'text', content: { text: 'Yes?' } })
    expect(await fragment()).not.toContain('sbx-typing')
  })

  it("shows a WhatsApp rule's failure with its code", async () => {
    expect((await post('/__sandbox/rules', { optOut: true }, {})).status).toBe(200)
    await customer({ text: 'STOP' })
    const sent = await post(messagesPath(), {
      user: { msisdn: FROM },
      type: 'template',
      content: { template: { name: 'summer_sale', language: 'en' } },
    })
    const { umid } = (await sent.json()) as { umid: string }
    await eventually(async () => ((await calls(umid)).length >= 2 ? true : undefined))
    const html = await fragment()
    expect(html).toContain(`data-umid="${umid}" data-state="undelivered"`)
    expect(html).toContain(
      '<span class="sbx-failure" data-error-code="1051">1051: Unable to deliver the marketing message: the user opted out of marketing</span>',
    )
  })

  it('loads media only with the switch on, and its CSP allows them only then', async () => {
    const image = {
      user: { msisdn: FROM },
      type: 'image',
      content: { url: 'https://example.com/cat.jpg', text: 'cat' },
    }
    expect((await post(messagesPath(), image)).status).toBe(200)
    expect(await fragment()).not.toContain('<img')
    expect(await fragment('?media=1')).toContain('https://example.com/cat.jpg')
    const off = (await call('/')).headers.get('Content-Security-Policy') ?? ''
    const on = (await call('/?media=1')).headers.get('Content-Security-Policy') ?? ''
    expect(off).toContain("img-src 'self';")
    expect(off).not.toContain('https:')
    expect(on).toContain("img-src 'self' https:")
    expect(on).toContain("media-src 'self' https:")
    expect(on).not.toContain('unsafe-inline')
  })

  it('has a chat list, a number filter and a reply box that writes as the customer', async () => {
    const html = await (await call('/')).text()
    expect(html).toContain('<input id="sbx-filter" type="search"')
    expect(html).toContain('<ul class="sbx-list" id="sbx-list"></ul>')
    expect(html).toContain('<form class="sbx-reply" id="sbx-reply"')
    expect(html).toContain("fetch('/__sandbox/inbound'")
  })
})
