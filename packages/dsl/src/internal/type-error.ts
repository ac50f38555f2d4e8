/**
 * A type that no value has, named after a rule. A call that breaks a compile-time rule has it as
 * the type of a parameter (or of `this`), so the rule's words are in `tsc`'s own message, not
 * only in an editor's hover (kysely's `KyselyTypeError`):
 *
 * ```text
 * error TS2345: Argument of type 'string' is not assignable to parameter of type
 *   'DslTypeError<"Reply buttons hold at most 3 replies">'.
 * ```
 *
 * @typeParam TMessage The rule, and what to do about it.
 */
export interface DslTypeError<TMessage extends string> {
  readonly __dslTypeError__: TMessage
}

/**
 * The parameters of a call that is allowed only when `TOk` is true: `TAllowed`, or `TRefused`,
 * which has the same arity with the rule as the type of one parameter, so that `tsc` reports that
 * argument (and quotes the rule) rather than "Expected 1 arguments, but got 2".
 *
 * A rest parameter of this type also keeps builders assignable as before: TypeScript relates two
 * instances of a builder member by member (not by its type argument alone) when a method has a
 * generic rest parameter, so `ListBuilder<true>` still goes into a `ListBuilder<false>` variable.
 */
export type ArgumentsIf<
  TOk extends boolean,
  TAllowed extends unknown[],
  TRefused extends unknown[],
> = [TOk] extends [true] ? TAllowed : TRefused

/**
 * The `this` type of a call without arguments that is allowed only when `TOk` is true. On any
 * other builder the call fails with "The 'this' context of type … is not assignable to method's
 * 'this' of type 'DslTypeError<"…">'", which quotes the rule.
 */
export type ThisIf<TOk extends boolean, TMessage extends string> = [TOk] extends [true]
  ? unknown
  : DslTypeError<TMessage>

/**
 * The result of a call without arguments that is allowed only when `TOk` is true. The refused
 * form also admits the rule, so that a builder that may be built is still assignable to one that
 * may not, but not the other way round (as when the refused form took an argument).
 */
export type ResultIf<TOk extends boolean, TOutput, TMessage extends string> = [TOk] extends [true]
  ? TOutput
  : TOutput | DslTypeError<TMessage>

/** No arguments, as a generic rest parameter (see {@link ArgumentsIf} for why). */
export type NoArguments<TOk extends boolean> = ArgumentsIf<TOk, [], []>
