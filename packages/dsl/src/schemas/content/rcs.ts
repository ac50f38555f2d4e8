/**
 * RCS rich cards, carousels and suggestion chips, as 8x8's request schema defines them. The
 * builders reach them through `.raw()`; the schemas make sure such messages parse.
 *
 * @module
 */
import * as v from 'valibot'
import { countedUnion } from '../../internal/budget'
import { LIMITS } from '../../limits'
import type { Named } from '../named'
import { coordinate, httpUrl, nonEmpty, text } from '../primitives'

const ReplySuggestionSchema = v.strictObject({
  text: text(LIMITS.rcsSuggestionText),
  postbackData: text(LIMITS.rcsPostbackData),
})

const ActionSuggestionSchema = v.strictObject({
  text: text(LIMITS.rcsSuggestionText),
  postbackData: text(LIMITS.rcsPostbackData),
  fallbackUrl: v.exactOptional(httpUrl),
  dialAction: v.exactOptional(v.strictObject({ phoneNumber: nonEmpty })),
  viewLocationAction: v.exactOptional(
    v.strictObject({
      latLong: v.exactOptional(
        v.strictObject({
          latitude: coordinate(LIMITS.latitude),
          longitude: coordinate(LIMITS.longitude),
        }),
      ),
      label: v.exactOptional(text({ max: 100 })),
      query: v.exactOptional(text({ max: 200 })),
    }),
  ),
  createCalendarEventAction: v.exactOptional(
    v.strictObject({
      title: nonEmpty,
      description: v.exactOptional(v.string()),
      startTime: nonEmpty,
      endTime: nonEmpty,
    }),
  ),
  openUrlAction: v.exactOptional(
    v.strictObject({
      url: v.pipe(httpUrl, v.maxLength(2048)),
      application: v.exactOptional(
        v.picklist(['OPEN_URL_APPLICATION_UNSPECIFIED', 'BROWSER', 'WEBVIEW']),
      ),
      webviewViewMode: v.exactOptional(
        v.picklist(['OPEN_URL_WEBVIEW_VIEW_MODE_UNSPECIFIED', 'FULL', 'HALF', 'TALL']),
      ),
      description: v.exactOptional(v.string()),
    }),
  ),
})

const SuggestionSchema_ = countedUnion(
  v.union(
    [
      v.strictObject({ reply: ReplySuggestionSchema }),
      v.strictObject({ action: ActionSuggestionSchema }),
    ],
    'Invalid suggestion: expected { reply } or { action }',
  ),
)
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
