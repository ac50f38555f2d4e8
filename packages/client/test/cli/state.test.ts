/** `chatapps batch --state`: rows changed since they were sent are named, or skipped by number. */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scriptedFetch, sentAnswer } from '../helpers'
import { CONFIGURED, removeTempDirs, runCli, tempDir } from './run'

afterAll(removeTempDirs)

const template = JSON.stringify({
  user: { msisdn: '{{phone}}' },
  type: 'text',
  content: { text: 'Hi {{name}}' },
})

describe('chatapps batch --state', () => {
  it('Should say which rows changed since they were sent and were sent again; --skip-sent-rows skips them', async () => {
    const cwd = tempDir()
    const rows = (second: string) =>
      writeFileSync(join(cwd, 'rows.csv'), `phone,name\n+15551230001,Ann\n+15551230002,${second}\n`)
    rows('Bob')
    const { fetch, calls } = scriptedFetch(sentAnswer())
    const run = (...extra: string[]) =>
      runCli(['batch', 'rows.csv', '--template', template, '--state', 'state.json', ...extra], {
        env: CONFIGURED,
        fetch,
        cwd,
      })
    expect((await run()).stdout).toBe('sent 2, failed 0, skipped 0 (already sent), of 2\n')

    rows('Robert')
    calls.length = 0
    const again = await run()
    expect(again).toStrictEqual({
      code: 0,
      stdout:
        'sent 1, failed 0, skipped 1 (already sent), of 2\n' +
        '1 row changed since it was sent: sent again (row 2; --skip-sent-rows skips sent rows by number instead)\n',
      stderr: expect.any(String),
    })
    expect(calls.map((call) => JSON.parse(call.body).content.text)).toStrictEqual(['Hi Robert'])

    rows('Bobby')
    calls.length = 0
    const skipped = await run('--skip-sent-rows', '--json')
    expect(skipped.code).toBe(0)
    expect(calls).toHaveLength(0)
    expect(JSON.parse(skipped.stdout)).toStrictEqual({
      total: 2,
      sent: 0,
      failed: 0,
      skipped: 2,
      notSent: 0,
      changed: [2],
      stopped: null,
      failures: [],
    })
    const text = await run('--skip-sent-rows')
    expect(text.stdout).toBe(
      'sent 0, failed 0, skipped 2 (already sent), of 2\n' +
        '1 row changed since it was sent: skipped (row 2; --skip-sent-rows)\n',
    )
    expect(
      Object.keys(JSON.parse(readFileSync(join(cwd, 'state.json'), 'utf8')).accepted),
    ).toStrictEqual(['1', '2'])
  })

  it('Should refuse --skip-sent-rows without --state', async () => {
    const cwd = tempDir()
    writeFileSync(join(cwd, 'rows.csv'), 'phone,name\n+15551230001,Ann\n')
    const { code, stderr } = await runCli(
      ['batch', 'rows.csv', '--template', template, '--skip-sent-rows'],
      { env: CONFIGURED, cwd },
    )
    expect(code).toBe(2)
    expect(stderr).toBe(
      'chatapps batch: --skip-sent-rows needs --state (the file that records the sent rows)\nRun "chatapps batch --help".\n',
    )
  })
})
