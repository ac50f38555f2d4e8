/**
 * RCS rich cards and carousels: a card's title, description, media and suggestion chips, and a
 * carousel of 2 to 10 such cards. The fixed counts (4 chips on a card, 2 to 10 cards) and the
 * card's one media are checked while the chain is written.
 *
 * @module
 */
import { deepCopy } from '../internal/copy'
import type {
  ArgumentsIf,
  DslTypeError,
  NoArguments,
  ResultIf,
  ThisIf,
} from '../internal/type-error'
import type { CarouselMessage, RcsCard, RichCardMessage, Suggestion } from '../types'
import type { EnvelopeOptions, Finishing } from './base'
import { Chain } from './chain'
import type { HasAtLeast, HasRoom, Next } from './count'
import { asArray } from './interactive'
import { cardObject } from './rcs-wire'
import type {
  MaxCardChips,
  MaxCards,
  MediaRequired,
  MinCards,
  OneMedia,
  TooFewCards,
  TooManyCardChips,
  TooManyCards,
} from './rules'
import type { ActionOptions, CalendarEvent, LocationTarget, OpenUrlOptions } from './suggestions'
import {
  ChipList,
  calendarChip,
  dialChip,
  locationChip,
  replyChip,
  type SuggestionCalls,
  type Suggestions,
  urlChip,
} from './suggestions'

/**
 * A rich card's layout: vertical (media above the text), or horizontal (media beside it, on the
 * left unless `thumbnailAlignment` says `'right'`).
 */
export type RichCardOptions =
  | { readonly orientation: 'vertical' }
  | { readonly orientation: 'horizontal'; readonly thumbnailAlignment?: 'left' | 'right' }

/** A carousel's card width. */
export interface CarouselOptions {
  readonly cardWidth: 'small' | 'medium'
}

/** How a card shows its media. */
export interface CardMediaOptions {
  /** The media's height in a vertical card. */
  readonly height?: 'short' | 'medium' | 'tall'
  /** An absolute http(s) URL of a thumbnail, shown until the file is loaded. */
  readonly thumbnailUrl?: string
  /** Whether RCS fetches the file again even if it has it cached. */
  readonly forceRefresh?: boolean
}

/**
 * The title, description and media of a card.
 *
 * @typeParam TSelf The builder they return.
 * @typeParam TWithMedia The builder after `.media()`.
 * @typeParam THasMedia Whether `.media()` was called.
 */
export interface CardParts<TSelf, TWithMedia, THasMedia extends boolean> {
  /**
   * The card's title.
   *
   * @param text At most 200 characters.
   */
  title(text: string): TSelf
  /**
   * The card's text under the title.
   *
   * @param text At most 2,000 characters.
   */
  description(text: string): TSelf
  /**
   * `(fileUrl, options?)`: the card's image or video (required, once), by an absolute http(s)
   * URL (at most 100 MB), with its `height`, a `thumbnailUrl` and `forceRefresh`. Typed
   * `DslTypeError<OneMedia>` once called.
   */
  media(
    ...media: ArgumentsIf<
      THasMedia extends true ? false : true,
      [fileUrl: string, options?: CardMediaOptions],
      [fileUrl: DslTypeError<OneMedia>, options?: CardMediaOptions]
    >
  ): TWithMedia
}

/**
 * One card of a carousel, built in the function given to {@link CarouselBuilder.card}: a title,
 * a description, its media (required) and up to 4 chips.
 *
 * @typeParam TCount How many chips were added.
 * @typeParam THasMedia Whether `.media()` was called.
 */
export interface CardBuilder<TCount extends number = 0, THasMedia extends boolean = false>
  extends CardParts<CardBuilder<TCount, THasMedia>, CardBuilder<TCount, true>, THasMedia>,
    SuggestionCalls<
      CardBuilder<Next<TCount, MaxCardChips>, THasMedia>,
      HasRoom<TCount, MaxCardChips>,
      TooManyCardChips
    > {
  /**
   * Adds several chips to the card: for chips made in a loop or read from data.
   *
   * @param chips Chips as 8x8 spells them; their number is checked when building.
   */
  chips(chips: readonly Suggestion[]): CardBuilder<number, THasMedia>
}

/**
 * An RCS rich card: media, a title, a description and up to 4 chips on the card, and up to 10
 * chips under it (`.suggestions()`). A fifth chip on the card, a second `.media()` and `.build()`
 * without media do not compile.
 *
 * @typeParam TCount How many chips the card holds.
 * @typeParam THasMedia Whether `.media()` was called.
 */
export interface RichCardBuilder<TCount extends number = 0, THasMedia extends boolean = false>
  extends EnvelopeOptions<RichCardBuilder<TCount, THasMedia>>,
    Suggestions<RichCardBuilder<TCount, THasMedia>>,
    CardParts<RichCardBuilder<TCount, THasMedia>, RichCardBuilder<TCount, true>, THasMedia>,
    SuggestionCalls<
      RichCardBuilder<Next<TCount, MaxCardChips>, THasMedia>,
      HasRoom<TCount, MaxCardChips>,
      TooManyCardChips
    >,
    Omit<Finishing<RichCardMessage>, 'build'> {
  /**
   * Adds several chips to the card: for chips made in a loop or read from data.
   *
   * @param chips Chips as 8x8 spells them; their number is checked when building.
   */
  chips(chips: readonly Suggestion[]): RichCardBuilder<number, THasMedia>
  /**
   * Validates the rich card and returns its frozen wire object. Before `.media()`, `this` is
   * typed `DslTypeError<MediaRequired>`, so the call does not compile and `tsc` quotes the rule.
   *
   * @throws {DslValidationError} With every issue and its path.
   */
  build(
    this: ThisIf<THasMedia, MediaRequired>,
    ...none: NoArguments<THasMedia>
  ): ResultIf<THasMedia, RichCardMessage, MediaRequired>
}

/**
 * An RCS carousel: 2 to 10 cards side by side, and up to 10 chips under them. An eleventh
 * `.card()` and `.build()` before the second do not compile.
 *
 * @typeParam TCount How many cards were added.
 */
export interface CarouselBuilder<TCount extends number = 0>
  extends EnvelopeOptions<CarouselBuilder<TCount>>,
    Suggestions<CarouselBuilder<TCount>>,
    Omit<Finishing<CarouselMessage>, 'build'> {
  /**
   * Adds a card, built by a function. `this` is typed `DslTypeError<TooManyCards>` once there
   * are 10.
   *
   * @param build Adds the card's parts to the builder it is given; the card must have media.
   *
   * @example
   * ```ts
   * carousel.card((card) => card.title('Starter').media('https://example.com/starter.png'))
   * ```
   */
  card<TChips extends number>(
    this: ThisIf<HasRoom<TCount, MaxCards>, TooManyCards>,
    build: (card: CardBuilder) => CardBuilder<TChips, true>,
  ): CarouselBuilder<Next<TCount, MaxCards>>
  /**
   * Adds several cards: for cards made in a loop or read from data.
   *
   * @param cards Cards as 8x8 spells them; their number is checked when building.
   */
  cards(cards: readonly RcsCard[]): CarouselBuilder<number>
  /**
   * Validates the carousel and returns its frozen wire object. With fewer than two cards, `this`
   * is typed `DslTypeError<TooFewCards>`, so the call does not compile and `tsc` quotes the rule.
   *
   * @throws {DslValidationError} With every issue and its path.
   */
  build(
    this: ThisIf<HasAtLeast<TCount, MinCards>, TooFewCards>,
    ...none: NoArguments<HasAtLeast<TCount, MinCards>>
  ): ResultIf<HasAtLeast<TCount, MinCards>, CarouselMessage, TooFewCards>
}

/** @internal The media object of a card. */
function cardMedia(fileUrl: unknown, options: CardMediaOptions | undefined): unknown {
  const { height, thumbnailUrl, forceRefresh } = options ?? {}
  const info: Record<string, unknown> = { fileUrl }
  if (thumbnailUrl !== undefined) info.thumbnailUrl = thumbnailUrl
  if (forceRefresh !== undefined) info.forceRefresh = forceRefresh
  const contentInfo = Object.freeze(info)
  return Object.freeze(height === undefined ? { contentInfo } : { height, contentInfo })
}

/** @internal A carousel's card: its parts by wire key, and its chips. */
export class CardImpl extends ChipList {
  title(text: string): this {
    return this.with({ title: text })
  }
  description(text: string): this {
    return this.with({ description: text })
  }
  media(fileUrl: string, options?: CardMediaOptions): this {
    return this.with({ media: cardMedia(fileUrl, options) })
  }
  chips(chips: readonly Suggestion[]): this {
    return this.add(asArray(chips).map(deepCopy))
  }
}

/** @internal */
export class RichCardImpl extends Chain {
  private chip(chip: unknown): this {
    return this.next({ op: 'chips', values: [chip] })
  }
  title(text: string): this {
    return this.next({ op: 'cardPart', part: 'title', value: text })
  }
  description(text: string): this {
    return this.next({ op: 'cardPart', part: 'description', value: text })
  }
  media(fileUrl: string, options?: CardMediaOptions): this {
    return this.next({ op: 'cardPart', part: 'media', value: cardMedia(fileUrl, options) })
  }
  chips(chips: readonly Suggestion[]): this {
    return this.next({ op: 'chips', values: asArray(chips).map(deepCopy) })
  }
  reply(text: string, postbackData: string): this {
    return this.chip(replyChip(text, postbackData))
  }
  dial(text: string, postbackData: string, phoneNumber: string, options?: ActionOptions): this {
    return this.chip(dialChip(text, postbackData, phoneNumber, options))
  }
  viewLocation(text: string, data: string, where: LocationTarget, options?: ActionOptions): this {
    return this.chip(locationChip(text, data, where, options))
  }
  calendarEvent(text: string, data: string, event: CalendarEvent, options?: ActionOptions): this {
    return this.chip(calendarChip(text, data, event, options))
  }
  openUrl(text: string, postbackData: string, url: string, options?: OpenUrlOptions): this {
    return this.chip(urlChip(text, postbackData, url, options))
  }
}

/** @internal */
export class CarouselImpl extends Chain {
  card(build: (card: CardBuilder) => unknown): this {
    const card: unknown = build(new CardImpl() as unknown as CardBuilder)
    const value =
      card instanceof CardImpl
        ? cardObject(card.state as Record<string, unknown>, card.state.chips)
        : card
    return this.next({ op: 'cards', values: [value] })
  }
  cards(cards: readonly RcsCard[]): this {
    return this.next({ op: 'cards', values: asArray(cards).map(deepCopy) })
  }
}

/** @internal The steps that start a rich card and a carousel. */
export const richCardStep = (options: RichCardOptions) =>
  ({
    op: 'rcs',
    kind: 'rich_card',
    parts: {
      cardOrientation: options?.orientation,
      thumbnailImageAlignment: (options as { thumbnailAlignment?: unknown })?.thumbnailAlignment,
    },
  }) as const
export const carouselStep = (options: CarouselOptions) =>
  ({ op: 'rcs', kind: 'carousel', parts: { cardWidth: options?.cardWidth } }) as const
