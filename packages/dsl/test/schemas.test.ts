import type { StandardSchemaV1 } from '@standard-schema/spec'
import { describe, expect, test } from 'vitest'
import { BatchSchema, EventSchema, MessageSchema } from '../src/schemas/index'
import { seeds } from './seeds'

/** Validates through the Standard Schema interface only, as a third-party library would. */
function standardValidate<T extends StandardSchemaV1>(schema: T, value: unknown) {
  const result = schema['~standard'].validate(value)
  if (result instanceof Promise) throw new Error('the schemas are synchronous')
  return result
}

describe('@chatapps/dsl/schemas implement Standard Schema', () => {
  test('they declare vendor valibot, version 1', () => {
    for (const schema of [MessageSchema, BatchSchema, EventSchema]) {
      expect(schema['~standard'].vendor).toBe('valibot')
      expect(schema['~standard'].version).toBe(1)
    }
  })

  test('a seed validates to its canonical value', () => {
    const image = seeds.find((seed) => seed.name === 'image')?.payload
    const result = standardValidate(MessageSchema, image)
    expect(result.issues).toBeUndefined()
    expect((result as { value: { type: string } }).value.type).toBe('image')
  })

  test('issues carry a path of keys', () => {
    const result = standardValidate(MessageSchema, {
      user: { msisdn: '+15551234567' },
      type: 'text',
      content: { text: '' },
    })
    expect(
      result.issues?.map((issue) =>
        issue.path?.map((item) => (typeof item === 'object' ? item.key : item)),
      ),
    ).toStrictEqual([['content', 'text']])
  })
})
