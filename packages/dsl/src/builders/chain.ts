/**
 * Builders are nodes of a persistent list: every call allocates one small node that points at the
 * builder it was called on, and shares everything before it. Nothing is ever mutated, so a
 * builder kept at module scope (a template in a worker, say) can be branched by every request
 * safely, and a call costs one allocation. `build()` walks the list once.
 *
 * @module
 */
import { type DslResult, DslValidationError } from '../errors'
import { deepCopy } from '../internal/copy'
import type { Channel } from '../types'
import type { DateInput } from './base'
import { applyStep, type Draft, finish, newDraft } from './compile'

/** @internal What a node records: the name of the call and up to three arguments. */
export type Op = string

/** @internal The base of every builder: one call of a chain. */
export class Chain {
  readonly #prev: Chain | undefined
  readonly #op: Op
  readonly #a: unknown
  readonly #b: unknown
  readonly #c: unknown

  constructor(prev: Chain | undefined, op: Op, a?: unknown, b?: unknown, c?: unknown) {
    this.#prev = prev
    this.#op = op
    this.#a = a
    this.#b = b
    this.#c = c
  }

  /** A node of the same class after this one. */
  protected next(op: Op, a?: unknown, b?: unknown, c?: unknown): this {
    const Builder = this.constructor as new (
      prev: Chain,
      op: Op,
      a?: unknown,
      b?: unknown,
      c?: unknown,
    ) => this
    return new Builder(this, op, a, b, c)
  }

  /** Visits the calls of the chain from the first to this one. */
  protected replay(visit: (op: Op, a: unknown, b: unknown, c: unknown) => void): void {
    const chain: Chain[] = []
    for (let node: Chain | undefined = this; node !== undefined; node = node.#prev) chain.push(node)
    for (let i = chain.length - 1; i >= 0; i--) {
      const node = chain[i] as Chain
      visit(node.#op, node.#a, node.#b, node.#c)
    }
  }

  clientMessageId(id: string): this {
    return this.next('clientMessageId', id)
  }
  channels(channels: readonly Channel[]): this {
    return this.next('channels', deepCopy(channels))
  }
  expiry(date: DateInput): this {
    return this.next('expiry', date)
  }
  scheduled(date: DateInput): this {
    return this.next('scheduled', date)
  }
  replyTo(umid: string): this {
    return this.next('replyTo', umid)
  }
  dlrCallbackUrl(url: string): this {
    return this.next('dlrCallbackUrl', url)
  }

  safeBuild(): DslResult<unknown> {
    return finish(this.draft())
  }

  /** @internal What the chain said, for `finish` (and for the fast path's property tests). */
  draft(): Draft {
    const draft = newDraft()
    this.replay((op, a, b, c) => applyStep(draft, op, a, b, c))
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
