import type {
  ArgumentsIf,
  DslTypeError,
  NoArguments,
  ResultIf,
  ThisIf,
} from '../internal/type-error'
import type { ButtonsMessage } from '../types'
import type { EnvelopeOptions, Finishing } from './base'
import { asArray, InteractiveImpl, type MediaHeaders, type TextParts } from './interactive'
import type { MaxReplies, MinReplies, ReplyRequired, TooManyReplies } from './rules'

/** A reply button, for {@link ButtonsBuilder.replies}. */
export interface ReplyButton {
  readonly id: string
  readonly title: string
}

/** A tuple of `TLength` elements, to count with. */
type Tuple<TLength extends number, TItems extends unknown[] = []> = TItems['length'] extends TLength
  ? TItems
  : Tuple<TLength, [...TItems, unknown]>

/** The counts below `TLength`: `0 | 1 | …`. */
type Below<TLength extends number, TItems extends unknown[] = []> = TItems['length'] extends TLength
  ? never
  : TItems['length'] | Below<TLength, [...TItems, unknown]>

/**
 * The count after one more reply, up to `LIMITS.replyButtons.max`; past it, or once the count is
 * not known, `number`.
 */
type Next<TCount extends number> = number extends TCount
  ? number
  : TCount extends Below<MaxReplies>
    ? [...Tuple<TCount>, unknown]['length']
    : number

/** Whether a reply may be added: fewer than `LIMITS.replyButtons.max` so far. */
type HasRoom<TCount extends number> = TCount extends MaxReplies ? false : true
/** Whether the buttons may be built: at least `LIMITS.replyButtons.min` replies so far. */
type HasReply<TCount extends number> = TCount extends Below<MinReplies> ? false : true

/**
 * Interactive reply buttons: one to three quick replies under a body. A fourth `.reply()` and a
 * `.build()` before the first one do not compile, and `tsc` says why:
 *
 * ```text
 * error TS2345: Argument of type 'string' is not assignable to parameter of type
 *   'DslTypeError<"Reply buttons hold at most 3 replies">'.
 * error TS2684: The 'this' context of type 'ButtonsBuilder<0>' is not assignable to method's
 *   'this' of type 'DslTypeError<"Reply buttons need at least one reply: call .reply(id, title)
 *   before .build()">'.
 * ```
 *
 * @typeParam TCount How many replies were added (`number` once that is not known).
 */
export interface ButtonsBuilder<TCount extends number = 0>
  extends EnvelopeOptions<ButtonsBuilder<TCount>>,
    TextParts<ButtonsBuilder<TCount>>,
    MediaHeaders<ButtonsBuilder<TCount>>,
    Omit<Finishing<ButtonsMessage>, 'build'> {
  /**
   * Adds a reply button.
   *
   * @param id What 8x8 sends back when the user taps it; at most 256 characters, unique. Typed
   * `DslTypeError<"Reply buttons hold at most 3 replies">` once three replies were added.
   * @param title At most 20 characters, unique.
   */
  reply(
    ...button: ArgumentsIf<
      HasRoom<TCount>,
      [id: string, title: string],
      [id: DslTypeError<TooManyReplies>, title: string]
    >
  ): ButtonsBuilder<Next<TCount>>
  /**
   * Adds several reply buttons: for buttons made in a loop or read from data.
   *
   * @param buttons The buttons; their number is checked when building.
   */
  replies(buttons: readonly ReplyButton[]): ButtonsBuilder<number>
  /**
   * Validates the message and returns its frozen wire object.
   *
   * Before the first `.reply()`, `this` is typed `DslTypeError<ReplyRequired>`, so the call
   * does not compile and `tsc` quotes the rule.
   *
   * @throws {DslValidationError} With every issue and its path.
   */
  build(
    this: ThisIf<HasReply<TCount>, ReplyRequired>,
    ...none: NoArguments<HasReply<TCount>>
  ): ResultIf<HasReply<TCount>, ButtonsMessage, ReplyRequired>
}

/** @internal */
export class ButtonsImpl extends InteractiveImpl {
  reply(id: string, title: string): this {
    return this.next({ op: 'replies', replies: [{ id, title }] })
  }
  replies(buttons: readonly ReplyButton[]): this {
    return this.next({ op: 'replies', replies: asArray(buttons).map(copyButton) })
  }
}

const copyButton = (button: unknown) => {
  if (typeof button !== 'object' || button === null) return button
  const { id, title } = button as ReplyButton
  return { id, title }
}
