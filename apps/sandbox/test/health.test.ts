import { describe, expect, it } from 'vitest'
import { call, envelope, expectJson } from './helpers'

describe('GET /health', () => {
  it('answers { ok: true }', async () => {
    await expectJson(await call('/health'), 200, { ok: true })
  })
})

describe('unknown routes', () => {
  it('answer 404 with the 8x8 envelope', async () => {
    await expectJson(await call('/nowhere'), 404, envelope(1300, 'Not found.'))
  })
})

describe('errors', () => {
  it('give each error a fresh errorId', async () => {
    const first = (await (await call('/nowhere')).json()) as { errorId: string }
    const second = (await (await call('/nowhere')).json()) as { errorId: string }
    expect(first.errorId).not.toBe(second.errorId)
  })
})
