/**
 * Template messages. The text of a template lives at Meta, not in the message: given its
 * registered template (`options.templates`), the message is drawn as the customer reads it
 * (./template-filled.ts); given its text by name (the older form), the text is shown with the
 * parameters filled in; otherwise the template's name, language and every parameter are listed.
 *
 * @module
 */
import { escapeHtml } from '../escape'
import { formatText } from '../format'
import { findKnown } from '../known'
import { arr, asObj, num, type Obj, obj, str } from '../read'
import { actions, attrs, button, type Ctx, code, heading, type Parts, textBlock } from './common'
import { templateCarousels } from './template-carousel'
import { filledTemplate } from './template-filled'
import { type Component, components, parameter, T } from './template-sent'

/** The plain value a parameter puts in the template's text. */
function value(p: unknown): string | undefined {
  return str(p, 'text') ?? str(p, 'couponCode') ?? str(p, 'payload')
}

function fill(text: string, params: readonly unknown[]): string {
  return text.replace(/\{\{(\d+)\}\}/g, (whole, n: string) => value(params[Number(n) - 1]) ?? whole)
}

function label(c: Component): string {
  if (c.type === 'button') {
    return `Button ${str(c.raw, 'index') ?? '?'}${str(c.raw, 'subType') === undefined ? '' : ` · ${str(c.raw, 'subType')}`}`
  }
  return c.type.charAt(0).toUpperCase() + c.type.slice(1).replaceAll('_', ' ')
}

/** Every parameter of every component, as a description list. */
function parameterList(ctx: Ctx, list: readonly Component[]): string {
  const rows = list.flatMap((c) => {
    if (isCarousel(c)) return []
    if (c.parameters.length === 0) {
      return [`<dt dir="auto">${escapeHtml(label(c))}</dt><dd>No parameters</dd>`]
    }
    return c.parameters.map((p, n) => {
      const at = `${c.path}.parameters.${n}`
      const name = c.type === 'body' || c.type === 'header' ? ` {{${n + 1}}}` : ''
      return `<dt${attrs(ctx, 'cap-param-name', at)} dir="auto">${escapeHtml(label(c) + name)}</dt><dd class="cap-param">${parameter(ctx, p, at)}</dd>`
    })
  })
  const dl = rows.length === 0 ? '' : `<dl class="cap-params">${rows.join('')}</dl>`
  return dl + cards(ctx, list)
}

const isCarousel = (c: Component) => c.type === 'carousel' && arr(c.raw, 'cards').length > 0

/** The template's carousels, each card with its own parameters. */
const cards = (ctx: Ctx, list: readonly Component[]) =>
  templateCarousels(list.filter(isCarousel), (card, path) =>
    parameterList(ctx, components(card, path)),
  )

/** The text of a known template, read leniently: it may come from JavaScript, unchecked. */
function known(ctx: Ctx, text: Obj, list: readonly Component[]): Parts {
  const of = (type: string) => list.find((c) => c.type === type)
  const head = of('header')
  const headerMedia = head?.parameters.find((p) => str(p, 'type')?.toLowerCase() !== 'text')
  const body = of('body')
  const buttons = arr(text, 'buttons').map((b, n) => {
    const c = list.find((x) => x.type === 'button' && num(x.raw, 'index') === n)
    return button(ctx, typeof b === 'string' ? b : '', c?.path ?? `${T}.components`)
  })
  const headerText = str(text, 'header')
  const bubble =
    (headerMedia !== undefined && head !== undefined
      ? parameter(ctx, headerMedia, `${head.path}.parameters.0`)
      : textBlock(
          ctx,
          'cap-header',
          head?.path ?? `${T}.header`,
          headerText === undefined ? undefined : fill(headerText, head?.parameters ?? []),
        )) +
    `<p${attrs(ctx, 'cap-text', body?.path ?? `${T}.components`)} dir="auto">${formatText(fill(str(text, 'body') ?? '', body?.parameters ?? []))}</p>` +
    textBlock(ctx, 'cap-footer', `${T}.footer`, str(text, 'footer'))
  return { bubble: bubble + cards(ctx, list), actions: actions(buttons.join('')) }
}

/** The template's name and language (and a status other than approved), under the bubble. */
function title(ctx: Ctx, name: string, language: string, status?: string): string {
  const shown =
    status === undefined || status === 'approved'
      ? ''
      : ` <span class="cap-tpl-status" dir="auto">${escapeHtml(status)}</span>`
  return (
    `<p${attrs(ctx, 'cap-tpl-title', `${T}.name`)}><span class="cap-badge">Template</span> ${code(name)} ` +
    `<span class="cap-lang" dir="auto">${escapeHtml(language)}</span>${shown}</p>`
  )
}

/** @internal `type: 'template'`. */
export function template(ctx: Ctx, content: unknown): Parts {
  const t = obj(content, 'template')
  const name = str(t, 'name') ?? ''
  const language = str(t, 'language') ?? ''
  const list = components(t)
  const registered = findKnown(ctx.options.templates, name, language)
  if (registered !== undefined) {
    return filledTemplate(ctx, t, registered, title(ctx, name, language, registered.status))
  }
  const templates = Array.isArray(ctx.options.templates) ? undefined : asObj(ctx.options.templates)
  const text =
    templates !== undefined && Object.hasOwn(templates, name) ? asObj(templates[name]) : undefined
  if (text !== undefined && typeof text.body === 'string') {
    return { ...known(ctx, text, list), note: title(ctx, name, language) }
  }
  const params =
    list.length === 0 ? '<p class="cap-note">No parameters</p>' : parameterList(ctx, list)
  return {
    bubble: `<div class="cap-template">${title(ctx, name, language)}${heading(ctx, 'cap-section-title', 'Parameters')}${params}</div>`,
  }
}
