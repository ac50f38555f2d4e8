/**
 * A template send's components and parameters, read leniently (the input may not be valid), and
 * a parameter drawn as HTML whatever its type: what the parameter list and the filled-in
 * template share.
 *
 * @module
 */
import { escapeHtml } from '../escape'
import { arr, num, obj, str } from '../read'
import { type Ctx, code, documentCard, media } from './common'
import { jsonView } from './fallback'

/** @internal Where a template is in a message. */
export const T = 'content.template'

/** @internal A parameter as HTML, whatever its type. */
export function parameter(ctx: Ctx, p: unknown, path: string): string {
  const type = (str(p, 'type') ?? '').toLowerCase()
  const url = str(p, 'url')
  switch (type) {
    case 'text':
      return `<span dir="auto">${escapeHtml(str(p, 'text') ?? '')}</span>`
    case 'image':
      return media(ctx, 'image', url, `${path}.url`, 'Template image')
    case 'video':
    case 'gif':
      return media(
        ctx,
        'video',
        url,
        `${path}.url`,
        type === 'gif' ? 'Template GIF' : 'Template video',
      )
    case 'document':
      return documentCard(ctx, url, `${path}.url`)
    case 'location': {
      const loc = obj(p, 'location')
      const where = [str(loc, 'name'), str(loc, 'address')].filter((s) => s !== undefined)
      return `<span dir="auto">${escapeHtml([...where, `${num(loc, 'latitude') ?? '?'}, ${num(loc, 'longitude') ?? '?'}`].join(' · '))}</span>`
    }
    case 'payload':
      return `Payload ${code(str(p, 'payload') ?? '')}`
    case 'couponcode':
      return `Coupon code ${code(str(p, 'couponCode') ?? '')}`
    case 'ttlminutes':
      return `Valid for ${code(str(p, 'ttlMinutes') ?? '?')} minutes`
    case 'action': {
      const data = obj(p, 'flowActionData')
      const screen = str(data, 'screen')
      return `Flow action${screen === undefined ? '' : ` on screen ${code(screen)}`}${jsonView(obj(data, 'data') ?? {})}`
    }
    default:
      return `Parameter of type ${code(str(p, 'type') ?? '(none)')}${jsonView(p)}`
  }
}

/** @internal One component of a send, with its path in the message. */
export interface Component {
  readonly type: string
  readonly parameters: readonly unknown[]
  readonly path: string
  readonly raw: unknown
}

/** @internal The components of a send (or a card); `type` in lower case, `body` when absent. */
export function components(template: unknown, base = T): Component[] {
  return arr(template, 'components').map((c, n) => ({
    type: (str(c, 'type') ?? 'body').toLowerCase(),
    parameters: arr(c, 'parameters'),
    path: `${base}.components.${n}`,
    raw: c,
  }))
}
