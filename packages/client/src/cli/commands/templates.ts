/**
 * `chatapps templates pull --out FILE` and `chatapps templates list`: the WhatsApp templates the
 * gateway has synced from 8x8, as the declaration that types `msg.to(n).template(…)` or as a
 * table.
 *
 * @module
 */
import { randomUUID } from 'node:crypto'
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { ComponentParameters } from '@chatapps/dsl/templates'
import type { GatewayTemplate, TemplatesOptions } from '../../templates/answer'
import { templateDeclarations } from '../../templates/declarations'
import { CONNECTION_HELP, CONNECTION_OPTIONS } from '../config'
import { CliError, type CliIo, EXIT, type ExitCode, usageError } from '../io'
import { connect, parseFlags, printJson, reportCallError } from '../shared'

export const TEMPLATES_HELP = `Usage: chatapps templates pull --out FILE [options]
       chatapps templates list [options]

The WhatsApp templates 8x8 has registered on your sub-account's channels, as the gateway last
synced them (GET /v1/templates).

  pull   writes a TypeScript declaration of them to FILE (atomically): with it in your program,
         @chatapps/dsl's msg.to(n).template(name, language) takes only approved templates and
         types each call (body count, header format, buttons). Prints how many it wrote.
  list   prints them as a table: name, language, status, category, quality, what a send takes.

Options:
  --out FILE          pull: the declaration file, e.g. src/templates.d.ts
  --name NAME         only templates of this name
  --language LANG     only templates in this language
  --json              list: the gateway's answer as JSON
  -h, --help          this help

${CONNECTION_HELP}`

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  out: { type: 'string' },
  name: { type: 'string' },
  language: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

/** Writes `text` to `path` atomically: a temporary file beside it, renamed over it. */
function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true })
  const temporary = `${path}.${randomUUID()}.tmp`
  try {
    writeFileSync(temporary, text)
    renameSync(temporary, path)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw new CliError(EXIT.config, `cannot write ${path}: ${(error as Error).message}`)
  }
}

/** What a send of the template (or card) takes: `image header, body 2, Url 0`. */
export function takes(parameters: ComponentParameters): string {
  const parts: string[] = []
  const { header, body, buttons } = parameters
  if (header !== null && header.parameters > 0) parts.push(`${header.format} header`)
  if (body > 0) parts.push(`body ${body}`)
  for (const button of buttons) {
    if (button.subType !== null)
      parts.push(`${button.subType} ${button.index}${button.parameters === 1 ? '' : '?'}`)
  }
  return parts.length === 0 ? 'nothing' : parts.join(', ')
}

/** One line of the table per template; cards after their template. */
export function formatTemplates(templates: readonly GatewayTemplate[]): string {
  const rows = [
    ['NAME', 'LANGUAGE', 'STATUS', 'CATEGORY', 'QUALITY', 'TAKES'],
    ...templates.flatMap((template) => {
      const { cards } = template.parameters
      const cardsTake = (cards ?? []).map((card, index) => `card ${index}: ${takes(card)}`)
      return [
        [
          template.name,
          template.language,
          template.status,
          template.category ?? '-',
          template.quality ?? '-',
          [takes(template.parameters), ...cardsTake].join('; '),
        ],
      ]
    }),
  ]
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  )
  return `${rows
    .map((row) =>
      row
        .map((cell, column) =>
          column === row.length - 1 ? cell : cell.padEnd(widths?.[column] ?? 0),
        )
        .join('  '),
    )
    .join('\n')}\n`
}

export async function templates(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseFlags(args, OPTIONS)
  if (values.help) {
    io.stdout.write(`${TEMPLATES_HELP}\n`)
    return EXIT.ok
  }
  const [action, ...rest] = positionals
  if ((action !== 'pull' && action !== 'list') || rest.length > 0)
    throw usageError('templates takes pull or list')
  if (action === 'pull' && (values.out === undefined || values.out === ''))
    throw usageError('templates pull needs --out FILE')
  const options: TemplatesOptions = {
    ...(values.name === undefined ? {} : { name: values.name }),
    ...(values.language === undefined ? {} : { language: values.language }),
  }
  const session = await connect(values, io)
  let answer: Awaited<ReturnType<typeof session.client.templates>>
  try {
    answer = await session.client.templates(options)
  } catch (error) {
    return reportCallError(error, io, session)
  }
  if (action === 'list') {
    const { meta: _meta, ...json } = answer
    if (values.json === true) printJson(io, json, false)
    else {
      io.stdout.write(formatTemplates(answer.templates))
      io.stdout.write(`registry synced: ${answer.syncedAt ?? 'never'}\n`)
    }
    return EXIT.ok
  }
  const path = resolve(io.cwd, values.out ?? '')
  const text = templateDeclarations(answer, {
    source: session.connection.baseUrl,
    pulledAt: new Date().toISOString(),
  })
  writeAtomically(path, text)
  const count = new Set(answer.templates.map((template) => `${template.name}:${template.language}`))
    .size
  const approved = new Set(
    answer.templates
      .filter((template) => template.status === 'approved')
      .map((template) => `${template.name}:${template.language}`),
  ).size
  io.stdout.write(
    `wrote ${count} ${count === 1 ? 'template' : 'templates'} (${approved} approved) to ${values.out}${answer.syncedAt === null ? ' (the gateway has never synced its registry)' : ''}\n`,
  )
  return EXIT.ok
}
