import { describe, expect, inject, it } from 'vitest'

// Proves each suite runs where its config says: the same files run in Node and in workerd.
describe('runtime', () => {
  it('is the runtime this suite was configured for', () => {
    // Node 20 has no navigator; Node 21+ says "Node.js/<version>"; workerd says "Cloudflare-Workers".
    const userAgent = typeof navigator === 'undefined' ? 'Node.js/20' : navigator.userAgent
    const runtime =
      userAgent === 'Cloudflare-Workers'
        ? 'workerd'
        : userAgent.startsWith('Node.js/')
          ? 'node'
          : userAgent
    expect(runtime).toBe(inject('runtime'))
  })
})
