/**
 * A type that no value has, named after a rule. A call that breaks a compile-time rule takes
 * this as its only parameter, so the compiler's message quotes the rule.
 */
export interface DslTypeError<TMessage extends string> {
  readonly __dslTypeError__: TMessage
}

/** The parameters of a call that is allowed only when `TOk` is true. */
export type Allowed<TOk extends boolean, TParams extends unknown[], TMessage extends string> = [
  TOk,
] extends [true]
  ? TParams
  : [error: DslTypeError<TMessage>]
