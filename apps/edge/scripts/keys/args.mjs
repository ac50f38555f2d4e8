// The keys command's command line: each command's arguments, flags and help, and a parser that
// refuses what a command does not take (a stray argument, an unknown flag) with what it expected.

/** Flags every command takes: where the database is. */
const TARGET = {
  local: { kind: 'boolean', help: 'the local database (default; what `pnpm dev` uses)' },
  remote: { kind: 'boolean', help: 'the deployed database of --env' },
  env: { kind: 'value', arg: 'staging|production', help: 'the wrangler environment' },
  'persist-to': { kind: 'value', arg: 'DIR', help: 'a local database kept in DIR' },
  help: { kind: 'boolean', help: 'this help' },
}

const KEY_FLAGS = {
  alg: {
    kind: 'value',
    arg: 'ed25519|hmac-sha256',
    help: 'the signature algorithm',
    required: true,
  },
  key: {
    kind: 'value',
    required: true,
    arg: 'BASE64',
    help: 'ed25519: the PUBLIC key, SPKI base64 (MCowBQYDK2VwAyEA…); hmac-sha256: the shared secret, base64 of at least 32 bytes',
  },
  'sub-account': {
    kind: 'value',
    arg: 'ID',
    help: 'the 8x8 sub-account its messages go to',
    required: true,
  },
  routes: {
    kind: 'value',
    arg: 'LIST',
    help: 'the routes it may call, e.g. "POST /v1/messages,GET /v1/messages/:id" (default: all)',
  },
  types: {
    kind: 'value',
    arg: 'LIST',
    help: 'the message types it may send, e.g. text,image,template (default: all)',
  },
  rate: { kind: 'value', arg: 'N', help: 'tokens per second (default 10)' },
  burst: { kind: 'value', arg: 'N', help: 'bucket size (default 60)' },
  'service-window': {
    kind: 'value',
    arg: 'POLICY',
    help: "off, observe or enforce: WhatsApp's 24-hour window (default observe)",
  },
  'template-check': {
    kind: 'value',
    arg: 'POLICY',
    help: 'off, observe or enforce: template sends checked against the registry (default observe)',
  },
  'contact-rate': {
    kind: 'value',
    arg: 'N',
    help: 'sends a second to one recipient (default CONTACT_RATE_PER_SECOND)',
  },
  'contact-burst': {
    kind: 'value',
    arg: 'N',
    help: 'sends at once to one recipient (default: CONTACT_BURST)',
  },
  'callback-url': {
    kind: 'value',
    arg: 'URL',
    help: 'where its receipts and inbound messages are posted (https)',
  },
}

/** Each command: its positional arguments, its own flags, a line of summary. */
export const COMMANDS = {
  migrate: { args: [], flags: {}, summary: 'apply migrations/ to the database' },
  'seed-dev': {
    args: [],
    flags: {},
    summary: "register signing.md's two development keys for demo-subaccount (never production)",
  },
  add: {
    args: ['keyId'],
    flags: KEY_FLAGS,
    summary: 'register a client key (or replace an active one)',
  },
  'set-callback': {
    args: ['keyId', 'URL|none'],
    flags: {},
    summary: 'a new callback URL (and a new secret, printed once), or none',
  },
  list: {
    args: [],
    flags: { json: { kind: 'switch', help: 'print JSON (`--json` or `--json true`)' } },
    summary: 'the keys, without key material',
  },
  revoke: {
    args: ['keyId'],
    flags: {
      gateway: {
        kind: 'value',
        arg: 'URL',
        help: 'the gateway to tell (default locally: http://127.0.0.1:8787)',
      },
    },
    summary: 'revoke a key (final), and tell the running gateway',
  },
  rotate: {
    args: ['oldKeyId', 'newKeyId'],
    flags: { key: KEY_FLAGS.key },
    summary: "add a key with the old one's settings; both stay active until you revoke the old",
  },
}

/** A command-line mistake: printed with a pointer to the help, exit 2. */
export class UsageError extends Error {}

const WIDTH = 100
const INDENT = 30

const usageLine = (name) => {
  const spec = COMMANDS[name]
  const args = spec.args.map((arg) => `<${arg}>`)
  const flags = Object.entries(spec.flags)
  const required = flags.filter(([, f]) => f.required).map(([flag, f]) => `--${flag} ${f.arg}`)
  const optional = flags.some(([, f]) => !f.required) ? ['[options]'] : []
  return ['pnpm keys', name, ...args, ...required, ...optional].join(' ')
}

/** `text` in lines of at most WIDTH columns, the first after `left`, the others indented. */
function wrap(left, text) {
  const lines = []
  let line = left.padEnd(INDENT)
  for (const word of text.split(' ')) {
    if (line.trim() !== '' && line.length + word.length + 1 > WIDTH && line.length > INDENT) {
      lines.push(line.trimEnd())
      line = ' '.repeat(INDENT)
    }
    line += line.length === INDENT || line.endsWith(' ') ? word : ` ${word}`
  }
  lines.push(line.trimEnd())
  return lines
}

const flagLines = (flags) =>
  Object.entries(flags).flatMap(([flag, f]) =>
    wrap(
      `  --${flag}${f.kind === 'value' ? ` ${f.arg}` : ''}`,
      `${f.help}${f.required ? ' (required)' : ''}`,
    ),
  )

/** `pnpm keys --help`. */
export function generalHelp() {
  return [
    'Usage: pnpm keys <command> [arguments] [--local | --remote] [--env staging|production]',
    '',
    'Manages the client keys of the gateway (the D1 table client_keys).',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).flatMap(([name, spec]) => wrap(`  ${name}`, spec.summary)),
    '',
    'Run "pnpm keys <command> --help" for its arguments. Every command takes:',
    ...flagLines(TARGET),
  ].join('\n')
}

/** `pnpm keys <command> --help`. */
export function commandHelp(name) {
  const spec = COMMANDS[name]
  const own = flagLines(spec.flags)
  return [
    `Usage: ${usageLine(name)}`,
    '',
    spec.summary,
    ...(own.length === 0 ? [] : ['', 'Options:', ...own]),
    '',
    'Target:',
    ...flagLines(TARGET),
  ].join('\n')
}

/**
 * Parses `argv` (without node and the script).
 *
 * @example
 * parseCommandLine(['add', 'acme-1', '--alg', 'ed25519', '--key', 'MCow…', '--remote'])
 * // { command: 'add', positional: ['acme-1'], flags: { alg: 'ed25519', key: 'MCow…', remote: true } }
 * @returns `{ help: 'general' | <command> }` when help was asked for.
 * @throws {UsageError} naming what was expected.
 */
export function parseCommandLine(argv) {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    return { help: 'general' }
  }
  const spec = COMMANDS[command]
  if (spec === undefined) {
    throw new UsageError(
      `unknown command "${command}": expected one of ${Object.keys(COMMANDS).join(', ')}`,
    )
  }
  const known = { ...TARGET, ...spec.flags }
  const positional = []
  const flags = {}
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]
    if (arg === '-h' || arg === '--help') return { help: command }
    if (!arg.startsWith('--')) {
      positional.push(arg)
      continue
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2)
    const flag = known[name]
    if (flag === undefined) {
      const own = Object.keys(spec.flags).map((n) => `--${n}`)
      throw new UsageError(
        `${command} does not take --${name}; it takes ${own.length === 0 ? '' : `${own.join(', ')} and `}--local, --remote, --env, --persist-to`,
      )
    }
    if (flag.kind === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`)
      flags[name] = true
    } else if (flag.kind === 'switch') {
      // `--json` alone, or the older `--json true|false`.
      const next = inline ?? rest[i + 1]
      if (next === 'true' || next === 'false') {
        flags[name] = next === 'true'
        if (inline === undefined) i++
      } else if (inline !== undefined) {
        throw new UsageError(`--${name} is true or false, not "${inline}"`)
      } else flags[name] = true
    } else {
      const value = inline ?? rest[i + 1]
      if (value === undefined || (inline === undefined && value.startsWith('--'))) {
        throw new UsageError(`--${name} needs a value: ${flag.arg}`)
      }
      flags[name] = value
      if (inline === undefined) i++
    }
  }
  if (flags.local && flags.remote) throw new UsageError('give --local or --remote, not both')
  if (positional.length > spec.args.length) {
    const stray = positional.slice(spec.args.length)
    throw new UsageError(
      `unexpected argument${stray.length > 1 ? 's' : ''} ${stray.map((s) => `"${s}"`).join(' ')}: ` +
        `expected ${usageLine(command)}`,
    )
  }
  if (positional.length < spec.args.length) {
    const missing = spec.args.slice(positional.length).map((a) => `<${a}>`)
    throw new UsageError(`missing ${missing.join(' ')}: expected ${usageLine(command)}`)
  }
  return { command, positional, flags }
}
