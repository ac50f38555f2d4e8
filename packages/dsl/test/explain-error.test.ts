import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { API_CODES, RECEIPT_CODES } from '../src/error-codes/chatapps-codes'
import { type ErrorAction, type ErrorExplanation, explainError } from '../src/index'

const ACTIONS: readonly ErrorAction[] = [
  'retry',
  'back_off',
  'fix_message',
  'suppress_recipient',
  'refresh_template',
  'fix_configuration',
  'contact_support',
  'none',
]

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i)

describe('the table', () => {
  test.each([
    ['api', API_CODES],
    ['receipt', RECEIPT_CODES],
  ] as const)('%s: every row has its shape, codes ascending and unique', (_, rows) => {
    let previous = -1
    for (const [code, action, reason, meaning, metaCode] of rows) {
      expect(Number.isInteger(code)).toBe(true)
      expect(code).toBeGreaterThan(previous)
      previous = code
      expect(ACTIONS).toContain(action)
      expect(reason === null).toBe(meaning === null)
      if (reason !== null && meaning !== null) {
        expect(reason.length).toBeGreaterThan(0)
        expect(reason.length).toBeLessThanOrEqual(40)
        expect(meaning).toMatch(/^[A-Z0-9`].*\.$/)
      }
      if (metaCode !== undefined) expect(Number.isInteger(metaCode)).toBe(true)
    }
  })

  test('every WhatsApp receipt code 8x8 describes has its Meta code; no other row has one', () => {
    for (const [code, , reason, , metaCode] of RECEIPT_CODES) {
      const documentedWhatsApp = code >= 1000 && code <= 1054 && reason !== null
      expect(metaCode !== undefined, String(code)).toBe(documentedWhatsApp)
    }
    for (const row of API_CODES) expect(row[4]).toBeUndefined()
  })

  test('the ranges 8x8 uses are whole: WhatsApp 1000-1054, Viber 2000-2025, general 1-61', () => {
    const receipts = new Set(RECEIPT_CODES.map((row) => row[0]))
    for (const code of [...range(1000, 1054), ...range(2000, 2025)])
      expect(receipts).toContain(code)
    expect([...receipts].filter((code) => code < 1000)).toEqual([
      1, 2, 3, 9, 11, 14, 15, 18, 23, 25, 29, 36, 41, 42, 43, 46, 57, 61,
    ])
  })

  test('the codes no 8x8 page describes are marked undocumented, not guessed', () => {
    const undocumented = RECEIPT_CODES.filter((row) => row[2] === null).map((row) => row[0])
    expect(undocumented).toEqual([2011])
    expect(API_CODES.every((row) => row[2] !== null)).toBe(true)
  })
})

describe('explainError', () => {
  test('1022 in a receipt: outside the 24-hour window, Meta 131047, send a template', () => {
    expect(explainError(1022, 'receipt')).toEqual({
      code: 1022,
      kind: 'receipt',
      group: 'whatsapp',
      coverage: 'documented',
      reason: 'Outside the 24-hour window',
      meaning:
        'The user has not written in the last 24 hours: only a template message may be sent.',
      action: 'fix_message',
      effect: 'window_closed',
      metaCode: 131047,
      source: 'https://developer.8x8.com/connect/docs/delivery-error-codes',
    } satisfies ErrorExplanation)
  })

  test('3038 from the API: template not found, refresh the template', () => {
    expect(explainError(3038, 'api')).toEqual({
      code: 3038,
      kind: 'api',
      group: 'api',
      coverage: 'documented',
      reason: 'Template not found',
      meaning: 'No approved template has this name and language on the channel.',
      action: 'refresh_template',
      effect: null,
      metaCode: null,
      source: 'https://developer.8x8.com/connect/docs/api-error-codes',
    } satisfies ErrorExplanation)
  })

  test('2008 in a Viber receipt: not a Viber user, suppress the recipient', () => {
    const explanation = explainError(2008, 'receipt')
    expect(explanation).toMatchObject({
      group: 'viber',
      coverage: 'documented',
      reason: 'Not a Viber user',
      action: 'suppress_recipient',
      metaCode: null,
    })
  })

  test('1 in a receipt: absent subscriber, suppress the recipient', () => {
    expect(explainError(1, 'receipt')).toMatchObject({
      group: 'general',
      reason: 'Absent subscriber',
      meaning: 'The user is not registered on this channel.',
      action: 'suppress_recipient',
    })
  })

  test('the Meta codes the issue names', () => {
    const meta = (code: number) => explainError(code, 'receipt')
    expect(meta(1028)).toMatchObject({ metaCode: 131056, action: 'back_off' })
    expect(meta(1051)).toMatchObject({ metaCode: 131050, action: 'suppress_recipient' })
    expect(meta(1009)).toMatchObject({ metaCode: 130429, action: 'back_off' })
    expect(meta(1031)).toMatchObject({ metaCode: 132001, action: 'refresh_template' })
  })

  test('the numbers both lists use mean different things, by the kind the caller gives', () => {
    expect(explainError(1002, 'api')).toMatchObject({ reason: 'Invalid MSISDN', group: 'api' })
    expect(explainError(1002, 'receipt')).toMatchObject({
      reason: 'App rate limit',
      group: 'whatsapp',
      metaCode: 4,
      action: 'back_off',
    })
    expect(explainError(2000, 'api')).toMatchObject({ reason: 'Internal error', action: 'retry' })
    expect(explainError(2000, 'receipt')).toMatchObject({ reason: 'Sent', action: 'none' })
    // 1022 is a receipt code only: as an API code it is unknown.
    expect(explainError(1022, 'api')).toMatchObject({ coverage: 'unknown', metaCode: null })
    const apiCodes = new Set(API_CODES.map((row) => row[0]))
    const both = RECEIPT_CODES.map((row) => row[0]).filter((code) => apiCodes.has(code))
    expect(both).toEqual([...range(1000, 1012), ...range(1014, 1014), ...range(2000, 2003)])
  })

  test('unknown and undocumented codes get a generic explanation, never an exception', () => {
    for (const [code, kind] of [
      [99, 'receipt'],
      [4018, 'api'],
      [-1, 'api'],
      [1.5, 'receipt'],
      [Number.NaN, 'api'],
      [Number.POSITIVE_INFINITY, 'receipt'],
    ] as const) {
      const explanation = explainError(code, kind)
      expect(explanation.coverage).toBe('unknown')
      expect(explanation.action).toBe('contact_support')
      expect(explanation.reason).toBe('Unknown code')
      expect(explanation.metaCode).toBeNull()
    }
    expect(explainError(2011, 'receipt')).toMatchObject({
      coverage: 'undocumented',
      group: 'viber',
      action: 'contact_support',
      effect: null,
      metaCode: null,
    })
    expect(explainError(2011, 'receipt').meaning).toContain('2011')
  })

  test('the codes 8x8 documented last: call permissions, BSUID recipients, Viber 2022-2025', () => {
    const receipt = (code: number) => {
      const { reason, action, metaCode } = explainError(code, 'receipt')
      return [reason, action, metaCode]
    }
    expect([1052, 1053, 1054, 2022, 2023, 2024, 2025].map(receipt)).toStrictEqual([
      ['Call permission exists', 'none', 138017],
      ['Call permission limit', 'back_off', 138009],
      ['Business-scoped id not supported', 'fix_message', 131062],
      ['Incompatible version', 'fix_message', null],
      ['Invalid destination', 'suppress_recipient', null],
      ['Invalid list message', 'fix_message', null],
      ['Invalid carousel message', 'fix_message', null],
    ])
  })

  test("the effects on the recipient's state: the one list the gateway's contact policy reads", () => {
    const effects = RECEIPT_CODES.flatMap(([code]) => {
      const { effect } = explainError(code, 'receipt')
      return effect === null ? [] : [[code, effect]]
    })
    expect(effects).toStrictEqual([
      [1022, 'window_closed'],
      [1028, 'pair_rate'],
      [1051, 'marketing_opt_out'],
      [2007, 'blocked'],
    ])
    expect(API_CODES.filter(([code]) => explainError(code, 'api').effect !== null)).toEqual([])
    // 1022 from the API is no receipt: it says nothing of the recipient.
    expect(explainError(1022, 'api').effect).toBeNull()
  })

  test('a code as a string of digits is read as its number; anything else is unknown', () => {
    expect(explainError('3038', 'api').reason).toBe('Template not found')
    expect(explainError(' 1031 ', 'receipt').metaCode).toBe(132001)
    const odd = explainError('x'.repeat(1000), 'api')
    expect(odd.coverage).toBe('unknown')
    expect(Number.isNaN(odd.code)).toBe(true)
    expect(odd.meaning.length).toBeLessThan(150)
    // A kind from untyped JavaScript that is neither: unknown, not a throw.
    expect(explainError(1, 'sms' as never).coverage).toBe('unknown')
  })

  test('an explanation is frozen', () => {
    const explanation = explainError(1022, 'receipt')
    expect(Object.isFrozen(explanation)).toBe(true)
    expect(Object.isFrozen(explainError(5, 'receipt'))).toBe(true)
  })

  test('every documented code explains itself with its row', () => {
    for (const [kind, rows] of [
      ['api', API_CODES],
      ['receipt', RECEIPT_CODES],
    ] as const) {
      for (const [code, action, reason, meaning, metaCode] of rows) {
        const explanation = explainError(code, kind)
        expect(explanation.code).toBe(code)
        expect(explanation.action).toBe(action)
        if (reason === null) expect(explanation.coverage).toBe('undocumented')
        else {
          expect(explanation).toMatchObject({ coverage: 'documented', reason, meaning })
          expect(explanation.metaCode).toBe(metaCode ?? null)
        }
      }
    }
  })
})

describe('the table costs only those who use it', () => {
  test('a bundle of msg alone does not carry it; one of explainError does', async () => {
    const { build } = await import('esbuild')
    const bundle = async (contents: string) => {
      const result = await build({
        stdin: { contents, resolveDir: process.cwd(), loader: 'ts' },
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'neutral',
        write: false,
        alias: { '@chatapps/dsl': fileURLToPath(new URL('../src/index.ts', import.meta.url)) },
      })
      return result.outputFiles[0]?.text ?? ''
    }
    const marker = 'Outside the 24-hour window'
    const msgOnly = await bundle(
      "import { msg } from '@chatapps/dsl'; console.log(msg.to('+15551234567').text('Hi').build())",
    )
    expect(msgOnly).not.toContain(marker)
    const explainOnly = await bundle(
      "import { explainError } from '@chatapps/dsl'; console.log(explainError(1, 'receipt'))",
    )
    expect(explainOnly).toContain(marker)
    // The table and the function only: no schemas, no builders (about 15 kB minified).
    expect(explainOnly.length).toBeLessThan(20_000)
  })
})
