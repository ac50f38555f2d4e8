#!/usr/bin/env node
// Suppressions: recipients of a sub-account that may not be sent to (docs/conversations.md),
// managed through the gateway's admin routes (bearer CHATAPPS_ADMIN_TOKEN; locally the
// `pnpm dev` gateway at http://127.0.0.1:8787 and its public token).
//
//   pnpm contacts suppress <subAccount> <recipient> [--reason TEXT]
//   pnpm contacts unsuppress <subAccount> <recipient> [--reason TEXT] [--fact FACT]
//                                 FACT: opted_out, blocked or marketing_opted_out (default: every fact)
//   pnpm contacts list <subAccount>                     every suppressed recipient, as JSON lines
//   pnpm contacts import <subAccount> <file.csv>        CSV `recipient,reason` rows, or an export (1,000 a call)
//   pnpm contacts export <subAccount>                   CSV on stdout
//
// --gateway <URL> (or CHATAPPS_GATEWAY_URL) names another gateway. Exits 2 on a usage error,
// 3 when the gateway refuses or does not answer.
import { readFileSync } from 'node:fs'
import { csvFormatRows, csvParseRows } from 'd3-dsv'

const LOCAL_GATEWAY = 'http://127.0.0.1:8787'
const LOCAL_ADMIN_TOKEN = 'local-admin-token-not-secret'
const USAGE = `usage: pnpm contacts <command> [--gateway URL]
  suppress <subAccount> <recipient> [--reason TEXT]
  unsuppress <subAccount> <recipient> [--reason TEXT] [--fact opted_out|blocked|marketing_opted_out]
                                     lifts that one fact, else every fact
  list <subAccount>
  import <subAccount> <file.csv>     CSV rows recipient,reason, or any columns under a header naming recipient (an export)
  export <subAccount>                CSV on stdout`

function fail(message, code = 2) {
  console.error(`contacts: ${message}`)
  process.exit(code)
}

const args = process.argv.slice(2)
const flags = {}
const positional = []
for (let i = 0; i < args.length; i++) {
  const arg = args[i]
  if (arg === '--help' || arg === '-h') {
    console.log(USAGE)
    process.exit(0)
  }
  if (arg.startsWith('--')) {
    const name = arg.slice(2)
    if (!['gateway', 'reason', 'fact'].includes(name)) fail(`unknown flag --${name}\n${USAGE}`)
    const value = args[++i]
    if (value === undefined) fail(`--${name} needs a value`)
    flags[name] = value
  } else positional.push(arg)
}
const [command, subAccount, third] = positional
const named = flags.gateway ?? process.env.CHATAPPS_GATEWAY_URL
const gateway = named ?? LOCAL_GATEWAY
const token =
  process.env.CHATAPPS_ADMIN_TOKEN ?? (named === undefined ? LOCAL_ADMIN_TOKEN : undefined)
if (token === undefined) fail('CHATAPPS_ADMIN_TOKEN is not set')

/** A call to the admin routes; exits 3 when it fails (`done`: what earlier calls did, said too). */
async function call(method, path, body, done = '') {
  let response
  try {
    response = await fetch(new URL(`/admin/suppressions/${path}`, gateway), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'text/csv' }),
      },
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(60_000),
    })
  } catch {
    fail(`${gateway} did not answer${done}`, 3)
  }
  if (response.status !== 200) {
    const problem = await response.json().catch(() => ({}))
    const said = `${problem.code ?? ''} ${problem.detail ?? ''}`.trim()
    fail(`${gateway} answered ${response.status} ${said}${done}`, 3)
  }
  return response
}

const sub = () => {
  if (subAccount === undefined) fail(`missing <subAccount>\n${USAGE}`)
  return encodeURIComponent(subAccount)
}
// The gateway checks the fact (422 for one it does not know): one rule, one place.
const query = ['reason', 'fact']
  .filter((name) => flags[name] !== undefined)
  .map((name) => `${name}=${encodeURIComponent(flags[name])}`)
  .join('&')

/** Every fact that holds, as `state (by: reason)`; none for an answer without facts (an older gateway). */
const factsLine = (consent) =>
  consent.facts === undefined
    ? []
    : [
        `  facts: ${
          consent.facts.map((fact) => `${fact.state} (${fact.by}: ${fact.reason})`).join(', ') ||
          'none'
        }`,
      ]

switch (command) {
  case 'suppress':
  case 'unsuppress': {
    if (third === undefined) fail(`missing <recipient>\n${USAGE}`)
    // A suppression sets the stop only: --fact there is a mistake, not a choice.
    if (command === 'suppress' && flags.fact !== undefined)
      fail(`--fact is for unsuppress\n${USAGE}`)
    const method = command === 'suppress' ? 'PUT' : 'DELETE'
    const path = `${sub()}/${encodeURIComponent(third)}${query === '' ? '' : `?${query}`}`
    const { recipient, consent } = await (await call(method, path)).json()
    console.log(`${recipient}: ${consent.state} (${consent.reason})`)
    for (const line of factsLine(consent)) console.log(line)
    break
  }
  case 'list': {
    let after = ''
    for (;;) {
      const page = await (
        await call('GET', `${sub()}?limit=1000&after=${encodeURIComponent(after)}`)
      ).json()
      for (const row of page.suppressions) console.log(JSON.stringify(row))
      if (page.next === null) break
      after = page.next
    }
    break
  }
  case 'import': {
    if (third === undefined) fail(`missing <file.csv>\n${USAGE}`)
    // Rows as CSV reads them (a quoted reason may hold a comma or a line break); the header, when
    // the file has one, goes with every call, so the gateway picks its columns by name.
    const rows = csvParseRows(readFileSync(third, 'utf8').replace(/^\uFEFF/, '')).filter((row) =>
      row.some((cell) => cell.trim() !== ''),
    )
    const names = (rows[0] ?? []).map((cell) => cell.trim().toLowerCase())
    const header = names.includes('recipient') || names.includes('reason') ? rows.shift() : null
    let imported = 0
    for (let start = 0; start < rows.length; start += 1000) {
      const chunk = [...(header === null ? [] : [header]), ...rows.slice(start, start + 1000)]
      // A failure names the file's rows that earlier calls imported (its own count is its chunk's).
      const done = start === 0 ? '' : ` (rows 1 to ${start} of the file were imported before)`
      const response = await call('POST', `${sub()}/import`, csvFormatRows(chunk), done)
      imported += (await response.json()).imported
    }
    console.log(`imported ${imported} suppressions for ${subAccount}`)
    break
  }
  case 'export':
    process.stdout.write(await (await call('GET', `${sub()}/export`)).text())
    break
  default:
    fail(`unknown command ${JSON.stringify(command ?? '')}\n${USAGE}`)
}
