import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clearSandbox, migrationSql, type Stack, sandboxMessages, startStack } from '../src/index'

describe('migrationSql', () => {
  it('gives one statement per line, without comments', () => {
    const sql = migrationSql()
    expect(sql).toContain('CREATE TABLE')
    expect(sql).not.toContain('--')
    // A semicolon ends each line's statement; inside a string literal it is text.
    for (const line of sql.split('\n')) {
      expect(line.replace(/'(?:[^']|'')*'/g, "''")).not.toMatch(/;./)
    }
  })

  it('keeps a semicolon or -- inside a string literal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'))
    writeFileSync(
      join(dir, '0001_a.sql'),
      "-- a comment; with a semicolon\nUPDATE t SET a = 'x; -- y', b = 'it''s'\n  WHERE c = 1;\nSELECT 1;",
    )
    expect(migrationSql(dir)).toBe("UPDATE t SET a = 'x; -- y', b = 'it''s' WHERE c = 1;\nSELECT 1")
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
