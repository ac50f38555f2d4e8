/**
 * LINE Official Notification (8x8's `/lon` body): LINE's notification template drawn as LINE
 * lays it out, an icon and the title at the top, the emphasised item in large type, the list,
 * the greeting and the explanation, and the buttons at the foot; the SMS fallback as a note.
 *
 * @module
 */
import { escapeHtml } from '../escape'
import { arr, obj, str } from '../read'
import {
  actions,
  anchor,
  attrs,
  badUrl,
  type Ctx,
  classFor,
  code,
  labelHtml,
  type Parts,
  textBlock,
} from './common'

/** @internal Whether a value has the shape of a LINE notification: no `type`, a titled content. */
export function looksLikeLineNotification(value: unknown): boolean {
  const content = obj(value, 'content')
  return (
    obj(value, 'user') !== undefined &&
    str(value, 'type') === undefined &&
    content !== undefined &&
    'title' in content
  )
}

function item(ctx: Ctx, className: string, path: string, entry: unknown): string {
  const label = str(entry, 'label') ?? ''
  const content = str(entry, 'content') ?? ''
  return `<div${attrs(ctx, className, path)}><dt dir="auto">${labelHtml(label)}</dt><dd dir="auto">${labelHtml(content)}</dd></div>`
}

/** @internal The parts of a LINE notification; `message` is the whole body. */
export function lineNotification(ctx: Ctx, message: unknown): Parts {
  const content = obj(message, 'content')
  const at = 'content'
  const icon = str(content, 'icon')
  const company = str(content, 'company')
  const emphasis = obj(content, 'emphasis')
  const list = arr(content, 'list')
  const buttons = arr(content, 'actions').map((action, index) => {
    const title = str(action, 'title') ?? ''
    const url = str(action, 'url')
    const path = `${at}.actions.${index}`
    return (
      anchor(url, classFor(ctx, 'cap-btn', path), labelHtml(title)) ??
      `<div${attrs(ctx, 'cap-btn', path)}>${labelHtml(title)}${badUrl(url)}</div>`
    )
  })
  const sms = obj(message, 'smsFallback')
  const smsText = str(sms, 'text')
  return {
    bubble:
      '<div class="cap-lon">' +
      (icon === undefined
        ? ''
        : `<p${attrs(ctx, 'cap-lon-icon', `${at}.icon`)}>${code(icon)}</p>`) +
      textBlock(ctx, 'cap-header cap-lon-title', `${at}.title`, str(content, 'title')) +
      textBlock(ctx, 'cap-footer', `${at}.company`, company) +
      (emphasis === undefined
        ? ''
        : `<dl class="cap-lon-list">${item(ctx, 'cap-lon-emphasis', `${at}.emphasis`, emphasis)}</dl>`) +
      (list.length === 0
        ? ''
        : `<dl${attrs(ctx, 'cap-lon-list', `${at}.list`)}>${list.map((entry, index) => item(ctx, 'cap-lon-item', `${at}.list.${index}`, entry)).join('')}</dl>`) +
      textBlock(ctx, 'cap-text', `${at}.greeting`, str(content, 'greeting')) +
      textBlock(ctx, 'cap-text', `${at}.explanation`, str(content, 'explanation')) +
      '</div>',
    actions: actions(buttons.join('')),
    ...(smsText !== undefined && {
      note: `<p${attrs(ctx, 'cap-note', 'smsFallback')}>SMS if LINE cannot deliver it: ${escapeHtml(smsText)}</p>`,
    }),
  }
}
