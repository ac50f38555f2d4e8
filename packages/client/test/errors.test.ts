import { describe, expect, inject, it } from 'vitest'
import { problemInit } from '../src/errors'
import { ChatappsError, isChatappsError } from '../src/index'

describe(`errors (${inject('runtime')})`, () => {
  it('Should recognise a ChatappsError, also from another copy of the package', () => {
    const error = new ChatappsError({
      source: 'network',
      status: 0,
      code: 'timeout',
      title: 'Timeout',
    })
    expect(isChatappsError(error)).toBe(true)
    expect(error).toBeInstanceOf(Error)
    expect(error.message).toBe('timeout: Timeout')
    const foreign = Object.assign(new Error('x'), { name: 'ChatappsError', code: 'x', status: 500 })
    expect(isChatappsError(foreign)).toBe(true)
    expect(isChatappsError(new Error('x'))).toBe(false)
    expect(isChatappsError({ name: 'ChatappsError', code: 'x', status: 1 })).toBe(false)
  })

  it('Should read a problem that is not JSON', () => {
    const init = problemInit(502, undefined, { retryAfter: 3, requests: 2, idempotencyKey: 'k' })
    expect(new ChatappsError(init)).toMatchObject({
      status: 502,
      code: 'unavailable',
      title: 'HTTP 502',
      detail: '',
      issues: [],
      retryAfter: 3,
      requests: 2,
      idempotencyKey: 'k',
    })
  })

  it('Should run in the runtime it claims', () => {
    const inWorkerd =
      typeof navigator !== 'undefined' && navigator.userAgent === 'Cloudflare-Workers'
    expect(inWorkerd).toBe(inject('runtime') === 'workerd')
  })
})
