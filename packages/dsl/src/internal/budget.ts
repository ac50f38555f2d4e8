/**
 * Bounded validation: a valibot configuration that counts the issues found and turns valibot's
 * `abortEarly` on once there are more than a bound, so that every object, array and pipe stops at
 * its next issue and the work really ends (a 256 KiB body of 80,000 empty rows would otherwise
 * build 160,000 issues). valibot has no "at most N issues" setting of its own.
 *
 * valibot 1.5 reads `config.lang` exactly once for each issue it creates (in `_addIssue`), and
 * reads `abortEarly` after each failed entry, item and pipe step: the count hooks there. valibot
 * is pinned exactly; a test checks that the count equals the issues reported.
 *
 * @module
 */
import type * as v from 'valibot'

/** @internal A valibot config for one validation run that stops after `max` issues. */
export class IssueBudget implements v.Config<v.BaseIssue<unknown>> {
  #found = 0
  /** The count at entry of each union being tried, innermost last. */
  readonly #marks: number[] = []

  /** @param max The issues to collect; validation stops once it has found one more. */
  constructor(readonly max: number) {}

  /** The issues found so far (those a union discarded are not counted). */
  get found(): number {
    return this.#found
  }

  /** Whether validation has found more than `max` issues, and so stops. */
  get exhausted(): boolean {
    return this.#found > this.max
  }

  get abortEarly(): boolean {
    return this.exhausted
  }

  get abortPipeEarly(): boolean {
    return this.exhausted
  }

  /** Read by valibot once per issue it creates: counts it. No language is set. */
  get lang(): undefined {
    this.#found++
    return undefined
  }

  /** @internal A union starts trying its options; returns its mark for {@link leave}. */
  enter(): number {
    this.#marks.push(this.#found)
    return this.#found
  }

  /** @internal An option of the innermost union starts: what earlier options found is not kept. */
  rewind(): void {
    const mark = this.#marks[this.#marks.length - 1]
    if (mark !== undefined) this.#found = mark
  }

  /** @internal A union (or a nested run) ended with `kept` issues of its own. */
  leave(mark: number, kept: number): void {
    this.#marks.pop()
    this.#found = mark + kept
  }
}

/** Any valibot config, whatever the issue type of its `message`. */
type AnyConfig = Pick<v.Config<v.BaseIssue<unknown>>, 'lang' | 'abortEarly' | 'abortPipeEarly'>

/** @internal The budget a validation runs under, if `config` is one. */
export function budgetOf(config: AnyConfig): IssueBudget | undefined {
  return config instanceof IssueBudget ? config : undefined
}

/**
 * @internal Runs `schema` on `value` as a nested validation (a batch message merged over its
 * template): under the caller's config, so that it stops with the caller's budget; its issues
 * are not counted here, because the caller reports (and so counts) those it keeps.
 */
export function runNested(
  schema: v.GenericSchema,
  value: unknown,
  config: AnyConfig,
): v.OutputDataset<unknown, v.BaseIssue<unknown>> {
  const budget = budgetOf(config)
  const mark = budget?.enter() ?? 0
  // Only the fields above are read by a run; `message` is the caller's, of another issue type.
  const dataset = schema['~run']({ value }, config as v.Config<v.BaseIssue<unknown>>)
  budget?.leave(mark, 0)
  return dataset
}

type AnyUnion = v.UnionSchema<
  v.UnionOptions,
  v.ErrorMessage<v.UnionIssue<v.BaseIssue<unknown>>> | undefined
>

/**
 * @internal Makes a union count only the issues it reports: each option is tried as if it were
 * the only one (the budget rewinds before it), so an option tried and discarded never cuts the
 * issues of the next, and a valid value never counts the issues of the options it did not match.
 */
export function countedUnion<const TUnion extends AnyUnion>(union: TUnion): TUnion {
  const run = union['~run']
  const options = union.options.map((option) => {
    const optionRun = option['~run']
    const counted: typeof option = Object.create(option)
    Object.defineProperty(counted, '~run', {
      value: (dataset: v.UnknownDataset, config: v.Config<v.BaseIssue<unknown>>) => {
        budgetOf(config)?.rewind()
        return optionRun.call(option, dataset, config)
      },
    })
    return counted
  })
  return Object.assign(union, {
    options,
    '~run'(this: TUnion, dataset: v.UnknownDataset, config: v.Config<v.BaseIssue<unknown>>) {
      const budget = budgetOf(config)
      if (budget === undefined) return run.call(this, dataset, config)
      // A union runs on a fresh dataset (an entry's, an item's, or a pipe's first step).
      const mark = budget.enter()
      const output = run.call(this, dataset, config)
      budget.leave(mark, output.issues?.length ?? 0)
      return output
    },
  })
}
