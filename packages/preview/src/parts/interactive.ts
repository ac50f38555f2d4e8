/**
 * Interactive messages: list, reply buttons, call-to-action URL, flow, product, product list,
 * and the request and call kinds.
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
  bodyFooter,
  button,
  type Ctx,
  classFor,
  code,
  header,
  heading,
  labelHtml,
  type Parts,
} from './common'
import { jsonView } from './fallback'

const P = 'content.interactive'

function withHeader(ctx: Ctx, interactive: unknown): string {
  return header(ctx, interactive, P) + bodyFooter(ctx, interactive, P)
}

/** A button that opens a sheet (`<details>`: it opens without script, by keyboard too). */
function sheet(ctx: Ctx, label: string, path: string, icon: string, inner: string): string {
  return (
    `<details class="cap-sheet"><summary${attrs(ctx, 'cap-btn cap-summary', path)}>` +
    `<span class="cap-icon" aria-hidden="true">${icon}</span><span dir="auto">${labelHtml(label)}</span></summary>` +
    `<div class="cap-sheet-body">${inner}</div></details>`
  )
}

function list(ctx: Ctx, i: unknown): Parts {
  const action = obj(i, 'action')
  const label = str(action, 'button') ?? 'Menu'
  const sections = arr(action, 'sections').map((section, s) => {
    const at = `${P}.action.sections.${s}`
    const title = str(section, 'title')
    const rows = arr(section, 'rows').map((row, r) => {
      const rowAt = `${at}.rows.${r}`
      const id = str(row, 'id')
      const idAttr = id === undefined ? '' : ` data-cap-id="${escapeHtml(id)}"`
      const description = str(row, 'description')
      return (
        `<li${attrs(ctx, 'cap-row', rowAt)}${idAttr}><span class="cap-row-title" dir="auto">${labelHtml(str(row, 'title') ?? '')}</span>` +
        (description === undefined
          ? ''
          : `<span class="cap-row-desc" dir="auto">${escapeHtml(description)}</span>`) +
        '</li>'
      )
    })
    const head = title === undefined ? '' : heading(ctx, 'cap-section-title', escapeHtml(title))
    return `<div${attrs(ctx, 'cap-section', at)}>${head}<ul class="cap-rows">${rows.join('')}</ul></div>`
  })
  return {
    bubble: withHeader(ctx, i),
    actions: actions(sheet(ctx, label, `${P}.action.button`, '☰', sections.join(''))),
  }
}

function replyButtons(ctx: Ctx, i: unknown): Parts {
  const buttons = arr(obj(i, 'action'), 'buttons').map((b, n) => {
    const reply = obj(b, 'reply')
    return button(ctx, str(reply, 'title') ?? '', `${P}.action.buttons.${n}`, '↩', str(reply, 'id'))
  })
  return {
    bubble: withHeader(ctx, i),
    after: actions(buttons.join(''), 'Reply buttons'),
  }
}

function ctaUrl(ctx: Ctx, i: unknown): Parts {
  const params = obj(obj(i, 'action'), 'parameters')
  const label = str(params, 'display_text') ?? 'Open'
  const url = str(params, 'url')
  const path = `${P}.action.parameters`
  const link = anchor(
    url,
    classFor(ctx, 'cap-btn', path),
    `<span class="cap-icon" aria-hidden="true">↗</span><span dir="auto">${labelHtml(label)}</span><span class="cap-sr"> (opens a web page)</span>`,
  )
  return {
    bubble: withHeader(ctx, i),
    actions: actions(link ?? button(ctx, label, path, '↗')),
    ...(link === undefined ? { note: badUrl(url) } : {}),
  }
}

function flow(ctx: Ctx, i: unknown): Parts {
  const params = obj(obj(i, 'action'), 'parameters')
  const payload = obj(params, 'flowActionPayload')
  const screen = str(payload, 'screen')
  const data = obj(payload, 'data')
  const note =
    `<p class="cap-note">Opens WhatsApp Flow ${code(str(params, 'flowId') ?? '(no id)')}` +
    ` (${code(str(params, 'flowAction') ?? 'navigate')}` +
    `${screen === undefined ? '' : `, screen ${code(screen)}`})</p>` +
    (data === undefined ? '' : jsonView(data))
  const cta = str(params, 'flowCta') ?? 'Open'
  return {
    bubble: withHeader(ctx, i),
    actions: actions(button(ctx, cta, `${P}.action.parameters`, '▸')),
    note,
  }
}

function catalogNote(action: unknown): string {
  return `<p class="cap-note">Catalog ${code(str(action, 'catalog_id') ?? '(none)')}</p>`
}

function product(ctx: Ctx, i: unknown): Parts {
  const action = obj(i, 'action')
  const id = str(action, 'product_retailer_id') ?? ''
  const card =
    `<div${attrs(ctx, 'cap-product', `${P}.action`)}><span class="cap-thumb" aria-hidden="true">🛍</span>` +
    `<span class="cap-product-id">${code(id)}</span></div>`
  return {
    bubble: card + bodyFooter(ctx, i, P),
    actions: actions(button(ctx, 'View', `${P}.action`)),
    note: catalogNote(action),
  }
}

function productList(ctx: Ctx, i: unknown): Parts {
  const action = obj(i, 'action')
  const sections = arr(action, 'sections').map((section, s) => {
    const at = `${P}.action.sections.${s}`
    const title = str(section, 'title')
    const items = arr(section, 'product_items').map(
      (item, n) =>
        `<li${attrs(ctx, 'cap-row cap-product-row', `${at}.product_items.${n}`)}><span class="cap-thumb" aria-hidden="true">🛍</span>${code(str(item, 'product_retailer_id') ?? '')}</li>`,
    )
    const head = title === undefined ? '' : heading(ctx, 'cap-section-title', escapeHtml(title))
    return `<div${attrs(ctx, 'cap-section', at)}>${head}<ul class="cap-rows">${items.join('')}</ul></div>`
  })
  return {
    bubble: withHeader(ctx, i),
    actions: actions(sheet(ctx, 'View items', `${P}.action.sections`, '☰', sections.join(''))),
    note: catalogNote(action),
  }
}

const SIMPLE_BUTTONS: Readonly<Record<string, readonly [string, string]>> = {
  location_request_message: ['Send location', '⌖'],
  call_permission_request: ['Allow calls', '✆'],
  request_contact_info: ['Share contact info', '☺'],
}

/** @internal `type: 'interactive'`, by `interactive.type`; `undefined` for an unknown one. */
export function interactive(ctx: Ctx, content: unknown): Parts | undefined {
  const i = obj(content, 'interactive')
  switch (str(i, 'type')) {
    case 'list':
      return list(ctx, i)
    case 'button':
      return replyButtons(ctx, i)
    case 'cta_url':
      return ctaUrl(ctx, i)
    case 'flow':
      return flow(ctx, i)
    case 'product':
      return product(ctx, i)
    case 'product_list':
      return productList(ctx, i)
    case 'voice_call': {
      const label = str(obj(obj(i, 'action'), 'parameters'), 'display_text') ?? 'Call Now'
      return {
        bubble: withHeader(ctx, i),
        actions: actions(button(ctx, label, `${P}.action`, '✆')),
      }
    }
    default: {
      const simple = SIMPLE_BUTTONS[str(i, 'type') ?? '']
      if (simple === undefined) return undefined
      return {
        bubble: withHeader(ctx, i),
        actions: actions(button(ctx, simple[0], `${P}.action`, simple[1])),
      }
    }
  }
}
