import { describe, expect, test } from 'vitest'
import { seedBuilders } from '../examples/seeds'
import { parseMessage } from '../src/index'
import { seeds } from './seeds'

/** What parsing must do to a seed, and nothing else: lower-case `type`, numeric coordinates. */
function canonical(payload: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(payload) as {
    type: string
    content: { location?: Record<string, unknown> }
  }
  copy.type = copy.type.toLowerCase()
  const location = copy.content.location
  if (location) {
    location.latitude = Number(location.latitude)
    location.longitude = Number(location.longitude)
  }
  return copy
}

describe('the twelve seed messages', () => {
  test('there are twelve, and a DSL chain for each', () => {
    expect(seeds.map((seed) => seed.name)).toStrictEqual(Object.keys(seedBuilders))
    expect(seeds).toHaveLength(12)
  })

  describe.each(seeds)('$name', ({ name, payload }) => {
    test('parses to the seed with only type lower-cased and coordinates as numbers', () => {
      expect(parseMessage(payload)).toStrictEqual(canonical(payload))
    })

    test('the DSL chain builds exactly the parsed seed', () => {
      expect(seedBuilders[name as keyof typeof seedBuilders].build()).toStrictEqual(
        parseMessage(payload),
      )
    })

    test('JSON.stringify(builder) is the JSON of the parsed seed', () => {
      const builder = seedBuilders[name as keyof typeof seedBuilders]
      expect(JSON.parse(JSON.stringify(builder))).toStrictEqual(canonical(payload))
    })
  })
})
