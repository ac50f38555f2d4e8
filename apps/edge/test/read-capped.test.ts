import { describe, expect, it } from 'vitest'
import { readCapped } from '../src/lib/read-capped'

/** A stream of `chunks` (then endless 1-byte chunks when `endless`), counting what was pulled. */
function source(chunks: readonly number[][], endless = false) {
  const seen = { pulls: 0, cancelled: false }
  let index = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      seen.pulls++
      const chunk = chunks[index++]
      if (chunk !== undefined) controller.enqueue(new Uint8Array(chunk))
      else if (endless) controller.enqueue(new Uint8Array([0]))
      else controller.close()
    },
    cancel() {
      seen.cancelled = true
    },
  })
  return { stream, seen }
}

describe('readCapped', () => {
  it('reads no stream as no bytes', async () => {
    expect(await readCapped(null, 10)).toEqual(new Uint8Array())
  })

  it('joins the chunks of a stream at exactly the cap', async () => {
    const { stream, seen } = source([[1, 2, 3], [4], [5, 6, 7, 8, 9, 10]])
    expect(await readCapped(stream, 10)).toEqual(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))
    expect(seen.cancelled).toBe(false)
  })

  it('answers null one byte over the cap, and cancels the stream there', async () => {
    const { stream, seen } = source([[1, 2, 3], [4, 5, 6, 7, 8, 9, 10, 11], [12], [13], [14]])
    expect(await readCapped(stream, 10)).toBeNull()
    expect(seen.cancelled).toBe(true)
    // Two chunks read; the stream may have pulled one ahead, never the rest.
    expect(seen.pulls).toBeLessThanOrEqual(3)
  })

  it('stops reading an endless stream once it passes the cap', async () => {
    const { stream, seen } = source([], true)
    expect(await readCapped(stream, 100)).toBeNull()
    expect(seen.cancelled).toBe(true)
    // 101 chunks of one byte pass the cap; the stream may have pulled one ahead, never more.
    expect(seen.pulls).toBeLessThanOrEqual(102)
  })
})
