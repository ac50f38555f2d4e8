import { beforeEach, describe, expect, it } from 'vitest'
import { call, clear, clearRecorder, messagesPath, post } from './helpers'

beforeEach(async () => {
  expect((await call('/__sandbox/templates', { method: 'DELETE' })).status).toBe(204)
  await clear()
  await clearRecorder()
})

const ORDER_UPDATE = {
  user: { msisdn: '+15551234567' },
  type: 'template',
  content: {
    template: {
      name: 'order_update',
      language: 'en_US',
      components: [
        { type: 'header', parameters: [{ type: 'image', url: 'https://shop.example/p.jpg' }] },
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Jason' },
            { type: 'text', text: 'ORD-42' },
          ],
        },
        {
          type: 'button',
          subType: 'Url',
          index: 0,
          parameters: [{ type: 'text', text: 'ORD-42' }],
        },
      ],
    },
  },
}

const FILLED_BODY =
  '<p class="cap-text" dir="auto">Hi <span class="cap-fill" dir="auto">Jason</span>, your order <span class="cap-fill" dir="auto">ORD-42</span> has shipped</p>'

async function inbox(): Promise<string> {
  const response = await call('/__sandbox/inbox')
  expect(response.status).toBe(200)
  return response.text()
}

describe('the inbox draws template messages filled in from the registry', () => {
  it('shows order_update as the customer reads it: text, footer and the filled URL button', async () => {
    expect((await post(messagesPath(), ORDER_UPDATE)).status).toBe(200)
    const html = await inbox()
    expect(html).toContain(FILLED_BODY)
    expect(html).toContain('<p class="cap-footer" dir="auto">Shop Example</p>')
    expect(html).toContain('href="https://shop.example/track/ORD-42"')
    expect(html).toContain('<span dir="auto">Track order</span>')
  })

  it('follows the registry: a template no longer registered is drawn as before', async () => {
    expect((await post(messagesPath(), ORDER_UPDATE)).status).toBe(200)
    const path = '/api/v1/accounts/sandbox-account/channels/wa-channel-1/templates/order_update'
    const deleted = await call(path, {
      method: 'DELETE',
      headers: { Authorization: 'Bearer sandbox-demo-key' },
    })
    expect(deleted.status).toBe(200)
    const html = await inbox()
    expect(html).not.toContain(FILLED_BODY)
    expect(html).not.toContain('Shop Example')
  })

  it('the preview page fills a pasted template in too', async () => {
    const response = await post('/__sandbox/preview', ORDER_UPDATE, {})
    expect(response.status).toBe(200)
    expect(await response.text()).toContain(FILLED_BODY)
  })
})
