/**
 * Builders are nodes of a persistent list: every call allocates one small node that points at the
 * builder it was called on and holds the call as a typed {@link Step} (draft.ts), and shares
 * everything before it. Nothing is ever mutated, so a builder kept at module scope (a template in
 * a worker, say) can be branched by every request safely, and a call costs two small allocations
 * (the node and its step). `build()` walks the list once.
 *
 * @module
 */
import { DslValidationError } from '../errors'
import { deepCopy } from '../internal/copy'
import { lint } from '../lint/lint'
import type { Channel, Message } from '../types'
import type {
  BuildResult,
  ChannelName,
  DateInput,
  DirectSendOptions,
  FallbackOptions,
  SmsOptions,
} from './base'
import { finish } from './compile'
import { applyStep, type Draft, newDraft, type Step } from './draft'
import { directSendOf, fallbackStep, smsOf } from './envelope'
import { suggestionList } from './suggestions'

/** @internal The base of every builder: one call of a chain. */
export class Chain {
  readonly #prev: Chain | undefined
  readonly #step: Step

  constructor(prev: Chain | undefined, step: Step) {
    this.#prev = prev
    this.#step = step
  }

  /** A node of the same class after this one. */
  protected next(step: Step): this {
    const Builder = this.constructor as new (prev: Chain, step: Step) => this
    return new Builder(this, step)
  }

  /** The steps of the chain, last first. */
  #stepsBackwards(): Step[] {
    const steps: Step[] = []
    for (let node: Chain | undefined = this; node !== undefined; node = node.#prev)
      steps.push(node.#step)
    return steps
  }

  /** Visits the calls of the chain from the first to this one. */
  protected replay(visit: (step: Step) => void): void {
    const steps = this.#stepsBackwards()
    for (let i = steps.length - 1; i >= 0; i--) visit(steps[i] as Step)
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
  suggestions(chips: unknown): this {
    return this.next({ op: 'suggestions', value: suggestionList(chips) })
  }

  fallback(channel: ChannelName, options?: FallbackOptions): this {
    return this.next({ op: 'fallback', value: fallbackStep(channel, options) })
  }
  fallbackText(text: string): this {
    return this.next({ op: 'fallbackText', value: text })
  }
  sms(options: SmsOptions): this {
    return this.next({ op: 'sms', value: smsOf(options) })
  }
  directSend(options?: DirectSendOptions): this {
    return this.next({ op: 'directSend', value: directSendOf(options) })
  }

  safeBuild(): BuildResult<unknown> {
    const result = finish(this.draft())
    return result.success ? { ...result, warnings: lint(result.output as Message) } : result
  }

  /** @internal What the chain said, for `finish` (and for the fast path's property tests). */
  draft(): Draft {
    const draft = newDraft()
    // A loop rather than replay(): no closure call for each step.
    const steps = this.#stepsBackwards()
    for (let i = steps.length - 1; i >= 0; i--) applyStep(draft, steps[i] as Step)
    return draft
  }
  build(): unknown {
    // Not through safeBuild(): build() has no warnings to give, so it does not lint.
    const result = finish(this.draft())
    if (!result.success) throw new DslValidationError(result.issues)
    return result.output
  }
  toJSON(): unknown {
    return this.build()
  }
}
