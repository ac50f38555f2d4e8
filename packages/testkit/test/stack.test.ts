import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clearSandbox, migrationSql, type Stack, sandboxMessages, startStack } from '../src/index'

describe('migrationSql', () => {
  it('gives one statement per line, without comments', () => {
    const sql = migrationSql()
    expect(sql).toContain('CREATE TABLE')
    expect(sql).not.toContain('--')
    for (const line of sql.split('\n')) expect(line).not.toMatch(/;./)
  })
})

describe('startStack', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ receipts: false })
  })
  afterAll(() => stack?.stop())

  it('serves the gateway and the sandbox on loopback', async () => {
    expect(stack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(stack.sandboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(stack.sandboxUrl).not.toBe(stack.url)
    const health = await fetch(`${stack.sandboxUrl}/health`)
    expect(await health.json()).toStrictEqual({ ok: true })
  })

  it('reads and clears the sandbox', async () => {
    await clearSandbox(stack.sandboxUrl)
    expect(await sandboxMessages(stack.sandboxUrl)).toStrictEqual([])
  })

  it('rejects an unsigned send at the gateway', async () => {
    const response = await fetch(`${stack.url}/v1/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    })
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect(response.status).toBeLessThan(500)
  })
})
