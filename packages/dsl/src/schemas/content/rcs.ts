/**
 * RCS rich cards, carousels and suggestion chips, as 8x8's request schema defines them (with the
 * lengths its schema gives and the rules its descriptions state: one action per chip, a location
 * by point or by query, E.164 numbers, RFC 3339 times).
 *
 * @module
 */
import * as v from 'valibot'
import { countedUnion } from '../../internal/budget'
import { LIMITS } from '../../limits'
import type { Named } from '../named'
import { coordinate, dateTime, httpUrl, text } from '../primitives'
import { E164 } from '../recipient'

const e164 = v.pipe(
  v.string(),
  v.regex(E164, 'Invalid phone number: expected E.164, such as +6531234567'),
)

const ReplySuggestionSchema = v.strictObject({
  text: text(LIMITS.rcsSuggestionText),
  postbackData: text(LIMITS.rcsPostbackData),
})

const ACTIONS = [
  'dialAction',
  'viewLocationAction',
  'createCalendarEventAction',
  'openUrlAction',
] as const

/** A point, or a query the map app searches for around the user (Android only). */
const ViewLocationSchema = v.pipe(
  v.strictObject({
    latLong: v.exactOptional(
      v.strictObject({
        latitude: coordinate(LIMITS.latitude),
        longitude: coordinate(LIMITS.longitude),
      }),
    ),
    label: v.exactOptional(text(LIMITS.rcsLocationLabel)),
    query: v.exactOptional(text(LIMITS.rcsLocationQuery)),
  }),
  // Google's ViewLocationAction: a latLong (with an optional label) "or, rather", a query.
  v.check(
    (input) => (input.latLong === undefined) !== (input.query === undefined),
    'Invalid location: expected either latLong or query',
  ),
)

const ActionSuggestionSchema = v.pipe(
  v.strictObject({
    text: text(LIMITS.rcsSuggestionText),
    postbackData: text(LIMITS.rcsPostbackData),
    fallbackUrl: v.exactOptional(httpUrl),
    dialAction: v.exactOptional(v.strictObject({ phoneNumber: e164 })),
    viewLocationAction: v.exactOptional(ViewLocationSchema),
    createCalendarEventAction: v.exactOptional(
      v.strictObject({
        title: text(LIMITS.rcsCalendarTitle),
        description: v.exactOptional(text(LIMITS.rcsCalendarDescription)),
        startTime: dateTime,
        endTime: dateTime,
      }),
    ),
    openUrlAction: v.exactOptional(
      v.strictObject({
        url: v.pipe(httpUrl, v.maxLength(LIMITS.rcsUrl.max)),
        application: v.exactOptional(
          v.picklist(['OPEN_URL_APPLICATION_UNSPECIFIED', 'BROWSER', 'WEBVIEW']),
        ),
        webviewViewMode: v.exactOptional(
          v.picklist(['OPEN_URL_WEBVIEW_VIEW_MODE_UNSPECIFIED', 'FULL', 'HALF', 'TALL']),
        ),
        description: v.exactOptional(text(LIMITS.rcsUrlDescription)),
      }),
    ),
  }),
  // 8x8: "Only one of the following properties can be specified"; an action chip without one
  // does nothing.
  v.check(
    (input) => ACTIONS.filter((key) => input[key] !== undefined).length === 1,
    `Invalid action: expected exactly one of ${ACTIONS.join(', ')}`,
  ),
)

const ReplyChipSchema = v.strictObject({ reply: ReplySuggestionSchema })
const ActionChipSchema = v.strictObject({ action: ActionSuggestionSchema })
const AnyChipSchema = countedUnion(
  v.union(
    [ReplyChipSchema, ActionChipSchema],
    'Invalid suggestion: expected { reply } or { action }',
  ),
)

// A chip that names its kind is checked as that kind, so that its issues keep their paths (a
// union that no option matches reports only itself: `suggestions.0`, not `….latitude`).
const SuggestionSchema_ = v.lazy((input: unknown) => {
  if (typeof input !== 'object' || input === null) return AnyChipSchema
  const keys = Object.keys(input)
  if (keys.length !== 1) return AnyChipSchema
  return keys[0] === 'reply'
    ? ReplyChipSchema
    : keys[0] === 'action'
      ? ActionChipSchema
      : AnyChipSchema
})
/** One suggestion chip: a reply or an action. */
export interface SuggestionSchema extends Named<typeof SuggestionSchema_> {}
/** One suggestion chip: a reply or an action. */
export const SuggestionSchema: SuggestionSchema = SuggestionSchema_

const SuggestionsSchema_ = v.pipe(
  v.array(SuggestionSchema),
  v.maxLength(
    LIMITS.rcsSuggestions.max,
    `Invalid length: at most ${LIMITS.rcsSuggestions.max} suggestions`,
  ),
)
/** Suggestion chips at message level (RCS). */
export interface SuggestionsSchema extends Named<typeof SuggestionsSchema_> {}
/** Suggestion chips at message level (RCS). */
export const SuggestionsSchema: SuggestionsSchema = SuggestionsSchema_

const CardMediaSchema = v.strictObject({
  height: v.exactOptional(v.picklist(['short', 'medium', 'tall'])),
  contentInfo: v.strictObject({
    fileUrl: httpUrl,
    thumbnailUrl: v.exactOptional(httpUrl),
    forceRefresh: v.exactOptional(v.boolean()),
  }),
})

const cardEntries = {
  title: v.exactOptional(text(LIMITS.rcsCardTitle)),
  description: v.exactOptional(text(LIMITS.rcsCardDescription)),
  media: CardMediaSchema,
  suggestions: v.exactOptional(
    v.pipe(
      v.array(SuggestionSchema),
      v.maxLength(
        LIMITS.rcsCardSuggestions.max,
        `Invalid length: at most ${LIMITS.rcsCardSuggestions.max} suggestions`,
      ),
    ),
  ),
}

const RichCardSchema_ = v.strictObject({
  cardOrientation: v.picklist(['horizontal', 'vertical']),
  thumbnailImageAlignment: v.exactOptional(v.picklist(['left', 'right'])),
  ...cardEntries,
})
/** An RCS rich card. */
export interface RichCardSchema extends Named<typeof RichCardSchema_> {}
/** An RCS rich card. */
export const RichCardSchema: RichCardSchema = RichCardSchema_

const CarouselSchema_ = v.strictObject({
  cardWidth: v.picklist(['small', 'medium']),
  cards: v.pipe(
    v.array(v.strictObject(cardEntries)),
    v.minLength(
      LIMITS.rcsCarouselCards.min,
      `Invalid length: at least ${LIMITS.rcsCarouselCards.min} cards`,
    ),
    v.maxLength(
      LIMITS.rcsCarouselCards.max,
      `Invalid length: at most ${LIMITS.rcsCarouselCards.max} cards`,
    ),
  ),
})
/** An RCS carousel of 2 to 10 cards. */
export interface CarouselSchema extends Named<typeof CarouselSchema_> {}
/** An RCS carousel of 2 to 10 cards. */
export const CarouselSchema: CarouselSchema = CarouselSchema_
