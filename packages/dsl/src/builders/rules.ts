/**
 * The words of every compile-time rule of the builders, in one place. Each is the message of a
 * `DslTypeError`, so `tsc` prints it where the rule is broken; the counts come from `LIMITS`.
 *
 * @module
 */
import type { LIMITS } from '../limits'

/** The most reply buttons a message holds (3). */
export type MaxReplies = (typeof LIMITS)['replyButtons']['max']

/** The fewest reply buttons a message holds (1). */
export type MinReplies = (typeof LIMITS)['replyButtons']['min']

/** A fourth `.reply()`. */
export type TooManyReplies = `Reply buttons hold at most ${MaxReplies} replies`

/** `.build()` on reply buttons before any `.reply()`. */
export type ReplyRequired =
  'Reply buttons need at least one reply: call .reply(id, title) before .build()'

/** `.build()` on a list before any `.row()`. */
export type RowRequired = 'A list needs at least one row: call .row(id, title) before .build()'

/** `.build()` on a product list before any `.item()`. */
export type ItemRequired =
  'A product list needs at least one product: call .item(id) before .build()'

/** `.build()` before the kind of content was chosen. */
export type ContentRequired =
  'A message needs content before .build(): call .text(body), .list(label), .buttons() or another kind first'

/** A media header on a list. */
export type ListHeaderTextOnly = "A list's header is text only: use .header(text)"

/** A media header on a product list. */
export type ProductListHeaderTextOnly = "A product list's header is text only: use .header(text)"

/** Any header on a single product. */
export type ProductHasNoHeader =
  'A product message has no header: use .body(text) and .footer(text)'

/** The most suggestion chips on an RCS card (4). */
export type MaxCardChips = (typeof LIMITS)['rcsCardSuggestions']['max']

/** The most suggestion chips on a whole message (10). */
export type MaxSuggestions = (typeof LIMITS)['rcsSuggestions']['max']

/** The fewest and most cards of an RCS carousel (2 and 10). */
export type MinCards = (typeof LIMITS)['rcsCarouselCards']['min']
export type MaxCards = (typeof LIMITS)['rcsCarouselCards']['max']

/** A fifth chip on a card. */
export type TooManyCardChips = `A card holds at most ${MaxCardChips} suggestions`

/** An eleventh chip on a message. */
export type TooManySuggestions = `A message holds at most ${MaxSuggestions} suggestions`

/** An eleventh `.card()`. */
export type TooManyCards = `A carousel holds at most ${MaxCards} cards`

/** `.build()` on a carousel with fewer than two cards. */
export type TooFewCards =
  `A carousel needs at least ${MinCards} cards: call .card(build) before .build()`

/** `.build()` on a rich card without `.media()`. */
export type MediaRequired = 'A rich card needs media: call .media(fileUrl) before .build()'

/** A second `.media()` on a card, or a carousel card without one. */
export type OneMedia = 'A card holds exactly one media: call .media(fileUrl) once'

/** `.build()` on a LINE notification before `.title()`. */
export type TitleRequired = 'A LINE notification needs a title: call .title(text) before .build()'
