import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { readConfig } from '../src/config'
import type { Bindings } from '../src/env'

const base = { SANDBOX_API_KEY: 'k', SANDBOX_STORE: env.SANDBOX_STORE } as Bindings

describe('readConfig', () => {
  it('has 8x8-like defaults and sends no receipts without WEBHOOK_URL', () => {
    expect(readConfig(base)).toStrictEqual({
      webhookUrl: null,
      authorization: null,
      webhook: null,
      stepMs: 500,
      retryDelaysMs: [1000, 10000, 30000, 90000],
      timeoutHangMs: 30000,
      rules: { window: false, pairRate: false, optOut: false },
      uploadMaxBytes: 104857600,
      templateReviewMs: 2000,
    })
    expect(readConfig({ ...base, WEBHOOK_URL: '' }).webhookUrl).toBeNull()
  })

  it('reads every setting', () => {
    expect(
      readConfig({
        ...base,
        WEBHOOK_URL: 'http://127.0.0.1:8787/v1/webhooks/chatapps',
        WEBHOOK_AUTHORIZATION: 'Basic dXNlcjpwYXNzd29yZA==',
        RECEIPT_STEP_MS: ' 20 ',
        WEBHOOK_RETRY_DELAYS_MS: '5, 10,15',
        TIMEOUT_HANG_MS: '0',
        WHATSAPP_RULES: 'window, opt_out',
        UPLOAD_MAX_BYTES: '1000',
        TEMPLATE_REVIEW_MS: '50',
      }),
    ).toStrictEqual({
      webhookUrl: 'http://127.0.0.1:8787/v1/webhooks/chatapps',
      authorization: 'Basic dXNlcjpwYXNzd29yZA==',
      webhook: null,
      stepMs: 20,
      retryDelaysMs: [5, 10, 15],
      timeoutHangMs: 0,
      rules: { window: true, pairRate: false, optOut: true },
      uploadMaxBytes: 1000,
      templateReviewMs: 50,
    })
    expect(readConfig({ ...base, TEMPLATE_REVIEW_MS: 'off' }).templateReviewMs).toBeNull()
    expect(readConfig({ ...base, WEBHOOK_RETRY_DELAYS_MS: '' }).retryDelaysMs).toStrictEqual([])
    expect(readConfig({ ...base, WHATSAPP_RULES: 'all' }).rules).toStrictEqual({
      window: true,
      pairRate: true,
      optOut: true,
    })
    expect(readConfig({ ...base, WHATSAPP_RULES: 'pair_rate' }).rules).toStrictEqual({
      window: false,
      pairRate: true,
      optOut: false,
    })
  })

  it('refuses an unknown WhatsApp rule', () => {
    expect(() => readConfig({ ...base, WHATSAPP_RULES: 'window,typo' })).toThrow(
      'sandbox: invalid configuration (WHATSAPP_RULES: unknown rule "typo"; use window, pair_rate, opt_out or all)',
    )
  })

  it('refuses wrong values, naming each binding', () => {
    expect(() =>
      readConfig({
        ...base,
        WEBHOOK_URL: 'not a url',
        RECEIPT_STEP_MS: 'fast',
        WEBHOOK_RETRY_DELAYS_MS: '1,,2',
        TIMEOUT_HANG_MS: '-1',
      }),
    ).toThrow(
      'sandbox: invalid configuration (WEBHOOK_URL: must be a URL; RECEIPT_STEP_MS: must be a whole number of milliseconds; WEBHOOK_RETRY_DELAYS_MS: must be milliseconds separated by commas; TIMEOUT_HANG_MS: must be a whole number of milliseconds)',
    )
  })
})
