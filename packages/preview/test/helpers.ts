import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type DefaultTreeAdapterTypes, parse, parseFragment } from 'parse5'

/** One reference payload of `fixtures/seed-messages.json` (at the repository's root). */
export interface Seed {
  readonly name: string
  readonly title: string
  readonly description: string
  readonly payload: Record<string, unknown>
}

const path = fileURLToPath(new URL('../../../fixtures/seed-messages.json', import.meta.url))

/** The twelve reference payloads, read from the repository's `fixtures/`. */
export const seeds: readonly Seed[] = JSON.parse(readFileSync(path, 'utf8'))

/** A seed's payload by name, as a fresh copy that a test may change. */
export function seed(name: string): Record<string, unknown> {
  const found = seeds.find((s) => s.name === name)
  if (found === undefined) throw new Error(`No seed ${name}`)
  return structuredClone(found.payload)
}

export type Node = DefaultTreeAdapterTypes.Node
export type Element = DefaultTreeAdapterTypes.Element

function isElement(node: Node): node is Element {
  return 'tagName' in node
}

function children(node: Node): readonly Node[] {
  const own = 'childNodes' in node ? node.childNodes : []
  // <template> keeps its children in `content`.
  const content = 'content' in node ? [node.content as Node] : []
  return [...own, ...content]
}

/** Every element under a node, in document order. */
export function elements(node: Node): Element[] {
  const found: Element[] = []
  const walk = (n: Node) => {
    for (const child of children(n)) {
      if (isElement(child)) found.push(child)
      walk(child)
    }
  }
  walk(node)
  return found
}

/** An attribute's value, or `undefined`. */
export function attr(element: Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value
}

/** The classes of an element. */
export function classes(element: Element): string[] {
  return (attr(element, 'class') ?? '').split(/\s+/).filter(Boolean)
}

/** The elements with a class under a node. */
export function byClass(node: Node, className: string): Element[] {
  return elements(node).filter((e) => classes(e).includes(className))
}

/** The elements with a tag name under a node. */
export function byTag(node: Node, tag: string): Element[] {
  return elements(node).filter((e) => e.tagName === tag)
}

/** The text of a node and everything in it. */
export function text(node: Node): string {
  if ('value' in node && node.nodeName === '#text') return node.value
  return children(node).map(text).join('')
}

/** Parses an HTML fragment as a browser would inside a `<div>`. */
export function fragment(html: string): Node {
  return parseFragment(html)
}

/** Parses a whole HTML document. */
export function document(html: string): Node {
  return parse(html)
}
