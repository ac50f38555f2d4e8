/**
 * Builders are views of an append-only list of calls: every call allocates one small node that
 * holds its typed {@link Step} (draft.ts) and how many steps of a shared array are its own. A call
 * on the newest node of an array appends to it in place; a call on an older node (a branch of a
 * partly built message) copies its own prefix first. Nothing a node sees is ever changed, so a
 * builder kept at module scope (a template in a worker, say) can be branched by every request
 * safely, and a call costs two small allocations (the node and its step). `build()` reads the
 * array once, first step to last (measured: walking a linked list back to its start cost as much
 * as the rest of the replay).
 *
 * @module
 */
import { type DslResult, DslValidationError } from '../errors'
import { deepCopy } from '../internal/copy'
import type { Channel } from '../types'
import type { DateInput } from './base'
import { finish } from './compile'
import { applyStep, type Draft, newDraft, type Step } from './draft'

/** @internal The base of every builder: one call of a chain. */
export class Chain {
  /** The steps, shared with the nodes before and (at most one branch) after this one. */
  readonly #steps: Step[]
  /** How many of `#steps` are this node's. */
  readonly #length: number

  constructor(prev: Chain | undefined, step: Step) {
    if (prev === undefined) {
      this.#steps = [step]
      this.#length = 1
      return
    }
    const length = prev.#length
    // The first call on `prev` appends in place; any later one branches with a copy.
    const steps = prev.#steps.length === length ? prev.#steps : prev.#steps.slice(0, length)
    steps.push(step)
    this.#steps = steps
    this.#length = length + 1
  }

  /** A node of the same class after this one. */
  protected next(step: Step): this {
    const Builder = this.constructor as new (prev: Chain, step: Step) => this
    return new Builder(this, step)
  }

  /** Visits the calls of the chain from the first to this one. */
  protected replay(visit: (step: Step) => void): void {
    const steps = this.#steps
    for (let i = 0; i < this.#length; i++) visit(steps[i] as Step)
  }

  clientMessageId(id: string): this {
    return this.next({ op: 'clientMessageId', value: id })
  }
  channels(channels: readonly Channel[]): this {
    return this.next({ op: 'channels', value: deepCopy(channels) })
  }
  expiry(date: DateInput): this {
    return this.next({ op: 'expiry', value: date })
  }
  scheduled(date: DateInput): this {
    return this.next({ op: 'scheduled', value: date })
  }
  replyTo(umid: string): this {
    return this.next({ op: 'replyTo', value: umid })
  }
  dlrCallbackUrl(url: string): this {
    return this.next({ op: 'dlrCallbackUrl', value: url })
  }

  safeBuild(): DslResult<unknown> {
    return finish(this.draft())
  }

  /** @internal What the chain said, for `finish` (and for the fast path's property tests). */
  draft(): Draft {
    const draft = newDraft()
    const steps = this.#steps
    for (let i = 0; i < this.#length; i++) applyStep(draft, steps[i] as Step)
    return draft
  }
  build(): unknown {
    const result = this.safeBuild()
    if (!result.success) throw new DslValidationError(result.issues)
    return result.output
  }
  toJSON(): unknown {
    return this.build()
  }
}
