/**
 * The declaration file `chatapps templates pull` writes: the gateway's registered templates as
 * an augmentation of `@chatapps/dsl`'s `RegisteredTemplates`, so that the compiler knows each
 * template's header, body, buttons and cards. The output is deterministic (sorted by name and
 * language, nothing from the clock unless given) and formatted as Biome and Prettier format it,
 * so that a committed declaration only changes when a template does.
 *
 * @module
 */
import type { ComponentParameters, TemplateParameters } from '@chatapps/dsl/templates'
import type { GatewayTemplate, TemplatesAnswer } from './answer'

/** Where and when the templates were pulled, for the file's header comment. */
export interface DeclarationOptions {
  /** The gateway's base URL. */
  readonly source?: string
  /** When they were pulled (ISO time); left out, the header names the gateway's sync only. */
  readonly pulledAt?: string
}

const WIDTH = 100

/** A type to print: a literal, an object type (members in order) or a tuple. */
type Node =
  | string
  | { readonly members: readonly (readonly [key: string, value: Node])[] }
  | { readonly items: readonly Node[] }

/** A string literal as Prettier and Biome print it: single quotes unless it holds more of them. */
export function quote(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
  const singles = (value.match(/'/g) ?? []).length
  const doubles = (value.match(/"/g) ?? []).length
  return singles > doubles
    ? `"${escaped.replace(/"/g, '\\"')}"`
    : `'${escaped.replace(/'/g, "\\'")}'`
}

function inline(node: Node): string {
  if (typeof node === 'string') return node
  if ('items' in node) return `[${node.items.map(inline).join(', ')}]`
  if (node.members.length === 0) return '{}'
  return `{ ${node.members.map(([key, value]) => `${key}: ${inline(value)}`).join('; ')} }`
}

/** Prints `node` after `prefix` at `indent`: on one line when it fits, else one member a line. */
function print(node: Node, indent: string, prefix: string, suffix = '', force = false): string[] {
  const flat = `${indent}${prefix}${inline(node)}${suffix}`
  if (typeof node === 'string' || (!force && flat.length <= WIDTH)) return [flat]
  const inner = `${indent}  `
  if ('items' in node) {
    const lines = node.items.flatMap((item) => print(item, inner, '', ','))
    return [`${indent}${prefix}[`, ...lines, `${indent}]${suffix}`]
  }
  const lines = node.members.flatMap(([key, value]) => print(value, inner, `${key}: `))
  return [`${indent}${prefix}{`, ...lines, `${indent}}${suffix}`]
}

function buttonsOf(parameters: ComponentParameters): Node | undefined {
  if (parameters.buttons.length === 0) return undefined
  return {
    members: parameters.buttons.map((button) => {
      const members: [string, Node][] = [
        ['type', quote(button.type)],
        ['subType', button.subType === null ? 'null' : quote(button.subType)],
      ]
      // A button the send must fill takes `parameter`; one it may fill, `parameter?`.
      if (button.subType !== null)
        members.push([button.parameters === 1 ? 'parameter' : 'parameter?', 'string'])
      return [String(button.index), { members }] as const
    }),
  }
}

function partOf(parameters: ComponentParameters): [string, Node][] {
  const members: [string, Node][] = []
  const { header, body } = parameters
  if (header !== null) {
    const count = header.parameters > 0 ? 1 : 0
    members.push([
      'header',
      {
        members: [
          ['format', quote(header.format)],
          ['parameters', String(count)],
        ],
      },
    ])
  }
  if (body > 0) members.push(['body', { items: Array.from({ length: body }, () => 'string') }])
  const buttons = buttonsOf(parameters)
  if (buttons !== undefined) members.push(['buttons', buttons])
  return members
}

const hasComponent = (template: GatewayTemplate, type: string) =>
  template.components.some((component) => component.type.toUpperCase() === type)

const hasButton = (template: GatewayTemplate, type: string) =>
  template.components.some((component) =>
    (component.buttons ?? []).some((button) => button.type.toUpperCase() === type),
  )

function entryOf(template: GatewayTemplate): Node {
  const parameters: TemplateParameters = template.parameters
  const members: [string, Node][] = [
    ['status', quote(template.status.toLowerCase())],
    ...partOf(parameters),
  ]
  if (parameters.cards !== undefined && parameters.cards.length > 0) {
    members.push(['cards', { items: parameters.cards.map((card) => ({ members: partOf(card) })) }])
  }
  if (hasComponent(template, 'CALL_PERMISSION_REQUEST'))
    members.push(['callPermissionRequest', 'true'])
  if (hasButton(template, 'REQUEST_CONTACT_INFO')) members.push(['requestContactInfo', 'true'])
  return { members }
}

/** A comment's text: on one line, no `*\/`, cut to fit. */
function commentText(value: string, room: number): string {
  const line = value.replace(/\s+/g, ' ').replace(/\*\//g, '*\\/').trim()
  return line.length <= room ? line : `${line.slice(0, room - 1)}…`
}

function describe(template: GatewayTemplate, others: readonly string[]): string {
  const body = template.components.find((component) => component.type.toUpperCase() === 'BODY')
  const facts = [
    template.status.toLowerCase(),
    ...(template.category === null ? [] : [template.category]),
    `channel ${[template.channelId, ...others].join(', ')}`,
  ].join(' · ')
  const lines = [facts, ...(body?.text ? [body.text] : [])]
  return [
    '    /**',
    ...lines.map((line) => `     * ${commentText(line, WIDTH - 7)}`),
    '     */',
  ].join('\n')
}

const keyOf = (template: GatewayTemplate) => `${template.name}:${template.language}`
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The TypeScript declaration of the gateway's registered templates: with it in a program,
 * `msg.to(n).template(name, language)` of `@chatapps/dsl` takes only these templates (approved
 * ones) and types each call from their components. A template registered on several channels
 * under one name and language is declared once, from the first channel id.
 *
 * @param answer The gateway's `GET /v1/templates` answer (`client.templates()`).
 * @param options The gateway's URL and the time of the pull, for the header comment.
 * @returns The file's text.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises'
 * import { createClient, templateDeclarations } from '@chatapps/client'
 *
 * const answer = await client.templates()
 * await writeFile('src/templates.d.ts', templateDeclarations(answer, { source: baseUrl }))
 * ```
 */
export function templateDeclarations(
  answer: Pick<TemplatesAnswer, 'templates' | 'syncedAt'>,
  options: DeclarationOptions = {},
): string {
  const sorted = [...answer.templates].sort(
    (a, b) => byCodeUnits(keyOf(a), keyOf(b)) || byCodeUnits(a.channelId, b.channelId),
  )
  const channels = new Map<string, string[]>()
  const first: GatewayTemplate[] = []
  for (const template of sorted) {
    const others = channels.get(keyOf(template))
    if (others === undefined) {
      channels.set(keyOf(template), [])
      first.push(template)
    } else if (!others.includes(template.channelId)) others.push(template.channelId)
  }
  const entries = first.flatMap((template) => [
    describe(template, channels.get(keyOf(template)) ?? []),
    ...print(entryOf(template), '    ', `${quote(keyOf(template))}: `, '', true),
  ])
  const approved = first.filter((template) => template.status.toLowerCase() === 'approved')
  const channelCount = new Set(sorted.map((template) => template.channelId)).size
  const from = options.source === undefined ? '' : ` from ${options.source}`
  const at = options.pulledAt === undefined ? '' : ` at ${options.pulledAt}`
  const synced = answer.syncedAt === null ? 'never synced' : `synced ${answer.syncedAt}`
  return [
    '/**',
    " * The WhatsApp templates registered with 8x8, for @chatapps/dsl's typed template builders.",
    ` * Generated by \`chatapps templates pull\`${from}${at}.`,
    ` * The gateway's registry: ${synced}. Do not edit: pull again when a template changes.`,
    ` * ${first.length} ${first.length === 1 ? 'template' : 'templates'} (${approved.length} approved) on ${channelCount} ${channelCount === 1 ? 'channel' : 'channels'}.`,
    ' */',
    'export {}',
    '',
    "declare module '@chatapps/dsl' {",
    `  interface RegisteredTemplates {${entries.length === 0 ? '}' : ''}`,
    ...(entries.length === 0 ? [] : [...entries, '  }']),
    '}',
    '',
  ].join('\n')
}
