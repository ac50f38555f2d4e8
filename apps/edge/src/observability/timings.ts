/**
 * The durations one request or queue message spends in each step, in milliseconds, as the
 * runtime's clock shows them. A Worker's clock advances only across I/O (Workers' Spectre
 * mitigation), so a step that is pure CPU reads as 0: these durations are waiting times (D1, a
 * Durable Object, 8x8), which is what an operator looks for.
 *
 * @module
 */

/** The steps a log line reports. */
export type Step = 'verify' | 'admission' | 'validation' | 'upstream' | 'record'

/** Durations by step, summed when a step runs more than once (an upstream retry). */
export class Timings {
  readonly #ms = new Map<Step, number>()

  /** Adds `ms` to a step. */
  add(step: Step, ms: number): void {
    this.#ms.set(step, (this.#ms.get(step) ?? 0) + Math.max(0, ms))
  }

  /** The steps that ran, in the order of {@link Step}, each in whole milliseconds. */
  toJSON(): Partial<Record<Step, number>> {
    const out: Partial<Record<Step, number>> = {}
    for (const step of ['verify', 'admission', 'validation', 'upstream', 'record'] as const) {
      const ms = this.#ms.get(step)
      if (ms !== undefined) out[step] = Math.round(ms)
    }
    return out
  }
}
