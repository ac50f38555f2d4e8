/**
 * Operator routes, behind the `ADMIN_TOKEN` bearer token (off when it is unset: 404).
 * `POST /admin/keys/:keyId/revoke` revokes a client key in D1 and in its admission object, so
 * that it is refused from the next request on even by isolates that remember it
 * (src/db/key-cache.ts). `pnpm keys revoke` calls it after its own D1 update.
 *
 * @module
 */
import { type Handler, Hono } from 'hono'
import type { AppEnv } from '../bindings'
import { setSuppression } from '../contacts/suppression'
import { type DroppedCursor, listDroppedCallbacks } from '../db/dropped-callbacks'
import { clientKeys } from '../db/key-cache'
import { revokeKey } from '../db/keys'
import { type ConsentChangeLike, listSuppressions } from '../db/suppressions'
import { methodNotAllowed } from '../http/method-not-allowed'
import { isAuthorized } from '../http/static-authorization'
import { csvRows, csvText, fromInertCell, inertCell } from '../lib/csv'
import { readCapped } from '../lib/read-capped'
import { isScientific, recipientNamed } from '../objects/contact/client'
import {
  CONSENT_FACTS,
  type ConsentFact,
  type ConsentNow,
  consentFactNamed,
} from '../objects/contact/protocol'
import { notFound, Problem, UNAVAILABLE } from '../problems'

export const admin = new Hono<AppEnv>()

admin.use(async (c, next) => {
  const token = c.get('config').adminToken
  // Off: answered as a route that does not exist.
  if (token === undefined) return notFound(c)
  if (!(await isAuthorized(c.req.header('authorization'), [`Bearer ${token}`]))) {
    throw new Problem('admin_unauthorized', { headers: { 'www-authenticate': 'Bearer' } })
  }
  await next()
})

admin.post('/keys/:keyId/revoke', async (c) => {
  const keyId = c.req.param('keyId')
  let found: boolean
  try {
    found = await revokeKey(c.env.DB, keyId)
  } catch (error) {
    console.error('key store unavailable', error instanceof Error ? error.name : 'error')
    throw new Problem('unavailable', UNAVAILABLE)
  }
  if (!found) throw new Problem('not_found', { detail: 'No such key.' })
  const stub = c.env.ADMISSION.get(c.env.ADMISSION.idFromName(keyId))
  let revokedAt: number
  try {
    ;({ revokedAt } = await stub.revoke(Date.now()))
  } catch (error) {
    // D1 already says revoked: isolates see it within KEY_CACHE_MS; the operator may retry.
    console.error('admission unavailable', error instanceof Error ? error.name : 'error')
    throw new Problem('unavailable', UNAVAILABLE)
  }
  clientKeys.forget(keyId)
  return c.json({ keyId, status: 'revoked', revokedAt: new Date(revokedAt).toISOString() }, 200)
})
admin.all('/keys/:keyId/revoke', methodNotAllowed('POST'))

// Callbacks given up (docs/delivery.md, Retries): their posts ran out, or the queue gave up.

/**
 * `?limit=`: 1 to 1,000, default 100. A fraction counts its whole part: D1 refuses a LIMIT of 1.5,
 * which would answer a wrong `unavailable`.
 */
function pageLimit(text: string | undefined): number {
  return Math.min(1000, Math.max(1, Math.trunc(Number(text ?? 100)) || 100))
}

/**
 * A page's `next`: the last row's time and ids, as JSON (ids may hold any character). Anything
 * else is refused: taken for the first page, a client looping on a damaged cursor would page
 * through the same rows for ever.
 */
function droppedCursor(text: string | undefined): DroppedCursor | null {
  if (text === undefined) return null
  try {
    const cursor: unknown = JSON.parse(text)
    if (Array.isArray(cursor) && cursor.length === 3) {
      const [droppedAt, keyId, webhookId]: unknown[] = cursor
      if (
        Number.isSafeInteger(droppedAt) &&
        typeof keyId === 'string' &&
        typeof webhookId === 'string'
      )
        return { droppedAt: droppedAt as number, keyId, webhookId }
    }
  } catch {
    // Not JSON: refused below.
  }
  throw new Problem('invalid_message', {
    detail: 'The cursor is not one this list gave.',
    extra: { issues: [{ path: 'after', message: 'Pass the `next` of the previous page.' }] },
  })
}

admin.get('/dropped-callbacks', async (c) => {
  const limit = pageLimit(c.req.query('limit'))
  const after = droppedCursor(c.req.query('after'))
  const rows = await listDroppedCallbacks(c.env.DB, after, limit).catch(() => {
    throw new Problem('unavailable', UNAVAILABLE)
  })
  const last = rows.at(-1)
  return c.json(
    {
      droppedCallbacks: rows.map((row) => ({
        ...row,
        droppedAt: new Date(row.droppedAt).toISOString(),
      })),
      next:
        rows.length === limit && last !== undefined
          ? JSON.stringify([last.droppedAt, last.keyId, last.webhookId])
          : null,
    },
    200,
  )
})
admin.all('/dropped-callbacks', methodNotAllowed('GET'))

// Suppressions (docs/conversations.md): recipients of a sub-account that may not be sent to.
// The contact object decides sends; D1's `suppressions` lists them. `pnpm contacts` calls these.

/** A recipient as operators give it: an msisdn or a channel user id. */
/** At most this many rows per import (one contact call each). */
export const IMPORT_MAX_ROWS = 1000
/** At most this many bytes per import: 1,000 rows of the longest recipient and reason fit. */
const IMPORT_MAX_BYTES = 1024 * 1024

/**
 * Suppresses (`opted_out`) or lifts (`subscribed`: the fact `lifted` names, else every fact) one
 * recipient; 503 when the store fails.
 */
async function suppress(
  env: AppEnv['Bindings'],
  subAccount: string,
  recipient: string,
  state: 'opted_out' | 'subscribed',
  reason: string,
  lifted: ConsentFact | null = null,
): Promise<ConsentNow> {
  try {
    return await setSuppression(
      { contacts: env.CONTACT, db: env.DB },
      subAccount,
      recipient,
      state,
      reason,
      Date.now(),
      lifted,
    )
  } catch (error) {
    console.error('contact unavailable', error instanceof Error ? error.name : 'error')
    throw new Problem('unavailable', UNAVAILABLE)
  }
}

function recipientParam(value: string): string {
  const recipient = recipientNamed(value)
  if (recipient === null) {
    throw new Problem('not_found', { detail: 'Not a recipient: an msisdn or a channel user id.' })
  }
  return recipient
}

const changeView = (change: ConsentChangeLike) => ({
  state: change.state,
  by: change.by,
  reason: change.reason,
  at: new Date(change.at).toISOString(),
  ...(change.fact !== undefined && { fact: change.fact }),
})

/** A consent as the admin routes answer it: its summary, and every fact that holds. */
const consentView = (consent: ConsentChangeLike & { facts: readonly ConsentChangeLike[] }) => ({
  ...changeView(consent),
  facts: consent.facts.map(changeView),
})

admin.get('/suppressions/:subAccount', async (c) => {
  const after = c.req.query('after') ?? ''
  const limit = pageLimit(c.req.query('limit'))
  const rows = await listSuppressions(c.env.DB, c.req.param('subAccount'), after, limit).catch(
    () => {
      throw new Problem('unavailable', UNAVAILABLE)
    },
  )
  const last = rows.at(-1)
  return c.json(
    {
      suppressions: rows.map((row) => ({
        recipient: row.recipient,
        ...consentView(row),
      })),
      next: rows.length === limit && last !== undefined ? last.recipient : null,
    },
    200,
  )
})

/**
 * `?fact=`: the one fact a request names, as `consent.facts` names it (null: none named). A PUT
 * sets the stop only: any other fact it names is refused rather than taken for a stop, which
 * refuses every send. Named twice, or as anything else: 422, nothing changed.
 */
function factParam(
  values: readonly string[] | undefined,
  allowed: readonly ConsentFact[],
): ConsentFact | null {
  if (values === undefined) return null
  const fact = values.length === 1 ? consentFactNamed(values[0] ?? '') : null
  if (fact !== null && allowed.includes(fact)) return fact
  const names = allowed.map((name) => `\`${name}\``).join(', ')
  throw new Problem('invalid_message', {
    detail: `Name one fact: ${names}; or leave \`fact\` out.`,
    extra: { issues: [{ path: 'fact', message: 'Not a consent fact this route changes' }] },
  })
}

/**
 * PUT suppresses the recipient (`opted_out`), DELETE lifts it (`subscribed`): the fact `?fact=`
 * names, else every fact; `?reason=` is kept.
 */
function suppression(
  state: 'opted_out' | 'subscribed',
): Handler<AppEnv, '/suppressions/:subAccount/:recipient'> {
  const allowed = state === 'opted_out' ? (['opted_out'] as const) : CONSENT_FACTS
  return async (c) => {
    const subAccount = c.req.param('subAccount')
    const recipient = recipientParam(c.req.param('recipient'))
    const fact = factParam(c.req.queries('fact'), allowed)
    const reason = (c.req.query('reason') ?? 'operator').slice(0, 200)
    const lifted = state === 'subscribed' ? fact : null
    const consent = await suppress(c.env, subAccount, recipient, state, reason, lifted)
    return c.json({ subAccount, recipient, consent: consentView(consent) }, 200)
  }
}

admin.put('/suppressions/:subAccount/:recipient', suppression('opted_out'))
admin.delete('/suppressions/:subAccount/:recipient', suppression('subscribed'))

/** The columns of an import: by its header when it has one, else recipient then reason. */
function importColumns(first: readonly string[]): {
  readonly header: boolean
  readonly recipient: number
  readonly reason: number
} {
  const names = first.map((cell) => cell.trim().toLowerCase())
  const recipient = names.indexOf('recipient')
  const reason = names.indexOf('reason')
  if (recipient !== -1) return { header: true, recipient, reason }
  // `phone,reason` is a header that names the wrong column, not a recipient called "phone".
  if (reason !== -1) {
    throw new Problem('invalid_message', {
      detail: 'The header names no recipient column.',
      extra: { issues: [{ path: 'header', message: 'No recipient column' }] },
    })
  }
  return { header: false, recipient: 0, reason: 1 }
}

/**
 * CSV (RFC 4180, src/lib/csv.ts): `recipient,reason`, or any columns under a header that names
 * `recipient` (and `reason`), so that an export imports back as it was. At most 1 MiB and
 * {@link IMPORT_MAX_ROWS} rows; every row is checked before any is imported.
 */
admin.post('/suppressions/:subAccount/import', async (c) => {
  const subAccount = c.req.param('subAccount')
  const bytes = await readCapped(c.req.raw.body, IMPORT_MAX_BYTES)
  if (bytes === null) {
    throw new Problem('payload_too_large', { detail: 'At most 1 MiB an import.' })
  }
  const table = csvRows(new TextDecoder().decode(bytes))
  const columns = importColumns(table[0] ?? [])
  const lines = columns.header ? table.slice(1) : table
  if (lines.length > IMPORT_MAX_ROWS) {
    throw new Problem('payload_too_large', { detail: `At most ${IMPORT_MAX_ROWS} rows an import.` })
  }
  const rows = lines.map((line, index) => {
    const cell = fromInertCell((line[columns.recipient] ?? '').trim())
    const recipient = recipientNamed(cell)
    const reason = fromInertCell((line[columns.reason] ?? '').trim())
    if (recipient === null) {
      const why = isScientific(cell)
        ? ': a spreadsheet wrote the number as 1.55E+10, its digits are lost'
        : ''
      throw new Problem('invalid_message', {
        detail: `Line ${index + 1}: not a recipient${why}.`,
        extra: { issues: [{ path: `rows.${index}.recipient`, message: 'Not a recipient' }] },
      })
    }
    return { recipient, reason: (reason === '' ? 'import' : reason).slice(0, 200) }
  })
  let imported = 0
  for (const row of rows) {
    try {
      await suppress(c.env, subAccount, row.recipient, 'opted_out', row.reason)
    } catch (error) {
      if (!(error instanceof Problem)) throw error
      // Rows are imported in order, each on its own: the operator learns where it stopped.
      throw new Problem('unavailable', {
        ...UNAVAILABLE,
        detail: `Imported ${imported} of ${rows.length} rows before the contact store failed; nothing after them. Importing the same file again is safe.`,
        extra: { imported },
      })
    }
    imported++
  }
  return c.json({ subAccount, imported }, 200)
})
admin.all('/suppressions/:subAccount/import', methodNotAllowed('POST'))

/**
 * CSV `recipient,state,by,reason,at,facts` (`facts`: the states of every fact that holds,
 * strongest first, space-separated): what the import takes back, by its header.
 */
admin.get('/suppressions/:subAccount/export', async (c) => {
  const subAccount = c.req.param('subAccount')
  const rows: string[][] = [['recipient', 'state', 'by', 'reason', 'at', 'facts']]
  let after = ''
  for (;;) {
    const page = await listSuppressions(c.env.DB, subAccount, after, 1000).catch(() => {
      throw new Problem('unavailable', UNAVAILABLE)
    })
    for (const row of page) {
      const at = new Date(row.at).toISOString()
      const facts = row.facts.map((fact) => fact.state).join(' ')
      rows.push([row.recipient, row.state, row.by, inertCell(row.reason), at, facts])
    }
    const last = page.at(-1)
    if (page.length < 1000 || last === undefined) break
    after = last.recipient
  }
  return c.body(csvText(rows), 200, { 'content-type': 'text/csv; charset=utf-8' })
})
admin.all('/suppressions/:subAccount/export', methodNotAllowed('GET'))
admin.all('/suppressions/:subAccount/:recipient', methodNotAllowed('PUT, DELETE'))
