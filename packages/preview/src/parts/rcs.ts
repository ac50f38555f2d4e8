/**
 * RCS rich cards, carousels and suggestion chips, and Viber's text-image-button message.
 *
 * @module
 */
import { escapeHtml } from '../escape'
import { arr, obj, str } from '../read'
import {
  actions,
  anchor,
  badUrl,
  button,
  type Ctx,
  classFor,
  media,
  type Parts,
  textBlock,
} from './common'

const VIDEO = /\.(?:mp4|m4v|webm|mov|3gp)(?:$|[?#])/i

/** @internal Suggestion chips (RCS), at message or card level. */
export function suggestions(ctx: Ctx, holder: unknown, path: string): string {
  const chips = arr(holder, 'suggestions').map((s, n) => {
    const at = `${path}.suggestions.${n}`
    const reply = obj(s, 'reply')
    if (reply !== undefined) return button(ctx, str(reply, 'text') ?? '', at, '↩')
    const action = obj(s, 'action')
    const label = str(action, 'text') ?? ''
    const open = obj(action, 'openUrlAction')
    if (open !== undefined) {
      const link = anchor(
        str(open, 'url'),
        classFor(ctx, 'cap-btn', at),
        `<span class="cap-icon" aria-hidden="true">↗</span><span dir="auto">${escapeHtml(label)}</span>`,
      )
      if (link !== undefined) return link
    }
    const dial = str(obj(action, 'dialAction'), 'phoneNumber')
    if (dial !== undefined) return button(ctx, `${label} (${dial})`, at, '✆')
    if (obj(action, 'viewLocationAction') !== undefined) return button(ctx, label, at, '⌖')
    if (obj(action, 'createCalendarEventAction') !== undefined) return button(ctx, label, at, '▦')
    return button(ctx, label, at)
  })
  return actions(chips.join(''), 'Suggestions')
}

function card(ctx: Ctx, c: unknown, path: string): string {
  const info = obj(obj(c, 'media'), 'contentInfo')
  const fileUrl = str(info, 'fileUrl')
  const title = str(c, 'title')
  const label = title ?? 'Card media'
  const picture =
    fileUrl !== undefined && VIDEO.test(fileUrl)
      ? media(ctx, 'video', fileUrl, `${path}.media`, label, str(info, 'thumbnailUrl'))
      : media(ctx, 'image', str(info, 'thumbnailUrl') ?? fileUrl, `${path}.media`, label)
  return (
    picture +
    textBlock(ctx, 'cap-card-title', `${path}.title`, title) +
    textBlock(ctx, 'cap-text', `${path}.description`, str(c, 'description')) +
    suggestions(ctx, c, path)
  )
}

/** @internal `type: 'richCard'`. */
export function richCard(ctx: Ctx, content: unknown): Parts {
  const c = obj(content, 'richCard')
  const horizontal = str(c, 'cardOrientation') === 'horizontal'
  // Horizontal: the media beside the text, on the left unless the card says right.
  const layout = horizontal
    ? `horizontal${str(c, 'thumbnailImageAlignment') === 'right' ? ' cap-card-right' : ''}`
    : 'vertical'
  return {
    bubble: `<div class="cap-card cap-card-${layout}">${card(ctx, c, 'content.richCard')}</div>`,
  }
}

/** @internal `type: 'carousel'`: the cards side by side, scrolling sideways. */
export function carousel(ctx: Ctx, content: unknown): Parts {
  const cards = arr(obj(content, 'carousel'), 'cards')
  const items = cards.map(
    (c, n) => `<li class="cap-card">${card(ctx, c, `content.carousel.cards.${n}`)}</li>`,
  )
  return {
    bubble: `<ul class="cap-carousel" aria-label="Carousel of ${cards.length} cards">${items.join('')}</ul>`,
  }
}

/** @internal Viber's `type: 'buttons'`: text, an optional image and a call-to-action button. */
export function viberButtons(ctx: Ctx, content: unknown): Parts {
  const url = str(content, 'url')
  const b = obj(content, 'button')
  const caption = str(b, 'caption') ?? ''
  const action = str(b, 'action')
  const link =
    caption === ''
      ? ''
      : (anchor(
          action,
          'cap-btn',
          `<span class="cap-icon" aria-hidden="true">↗</span><span dir="auto">${escapeHtml(caption)}</span>`,
        ) ?? button(ctx, caption, 'content.button'))
  return {
    bubble:
      (url === undefined ? '' : media(ctx, 'image', url, 'content.url', 'Image')) +
      textBlock(ctx, 'cap-text', 'content.text', str(content, 'text')),
    actions: actions(link),
    ...(caption !== '' && anchor(action, '', '') === undefined ? { note: badUrl(action) } : {}),
  }
}
