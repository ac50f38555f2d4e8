/**
 * A small seeded PRNG (mulberry32) whose whole state is one 32-bit integer, so the store can keep
 * it between requests: the same seed and the same order of requests give the same faults.
 *
 * @module
 */

/** A PRNG that can be saved (`state`) and resumed (`new Prng(state)`). */
export class Prng {
  /** The current state; store it to resume the sequence later. */
  state: number

  constructor(state: number) {
    this.state = state >>> 0
  }

  /** The next number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** Whether an event of probability `rate` happens (always draws, to keep sequences aligned). */
  chance(rate: number): boolean {
    return this.next() < rate
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n)
  }
}
