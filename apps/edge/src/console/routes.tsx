/**
 * `/console`: the operator's console, server-rendered with hono's JSX under a strict
 * Content-Security-Policy (a nonce for the one stylesheet, no script). Access first
 * (access.ts), then the pages; every POST carries a CSRF token and comes from this origin.
 *
 * @module
 */
import { Hono } from 'hono'
import { setCookie } from 'hono/cookie'
import { NONCE, secureHeaders } from 'hono/secure-headers'
import { isAllowedCallbackUrl } from '../callbacks/urls'
import { setSuppression } from '../contacts/suppression'
import { clientKeys } from '../db/key-cache'
import { addPublicKey, listKeys, revokeKey, rotateToPublicKey, setCallbackUrl } from '../db/keys'
import { findMessage } from '../db/messages/read'
import { isDeadLetter, listDeadLetters, REPLAY_MAX, replaysOf } from '../db/messages/replay'
import {
  type Cursor,
  liveFigures,
  type MessageFilters,
  messageDetail,
  searchMessages,
} from '../db/messages/search'
import { refusalsSince } from '../db/refusals'
import { listSuppressions } from '../db/suppressions'
import { listChannelSyncs, readRegistry } from '../db/templates'
import { replay } from '../delivery/replay'
import { isAuthorized } from '../http/static-authorization'
import { readCapped } from '../lib/read-capped'
import type { CircuitState } from '../objects/circuit/object'
import { contactOf, contactSettings, recipientNamed } from '../objects/contact/client'
import { type ContactState, consentFactNamed } from '../objects/contact/protocol'
import { type ConsoleEnv, consoleAccess, csrfField, tokenLoginAllowed } from './access'
import { Layout, Notice } from './layout'
import { DONE_NOTICES, type DoneCode, ERROR_NOTICES, type ErrorCode, noticeOf } from './notices'
import { CircuitsPage } from './pages/circuits'
import { ContactsPage } from './pages/contacts'
import { DeadLettersPage } from './pages/dead-letters'
import { KeysPage } from './pages/keys'
import { LivePage } from './pages/live'
import { MessagePage } from './pages/message'
import { FIELDS, MessagesPage, type SearchFields } from './pages/messages'
import { TemplatesPage } from './pages/templates'
import { newSession, SESSION_COOKIE, SESSION_MS } from './session'

/** Results per page. */
export const PAGE_SIZE = 50
/** The live view's period. */
const LIVE_MINUTES = 15
/** How often the live view refreshes itself: each view reads the period's records from D1. */
const LIVE_REFRESH_SECONDS = 30
/**
 * The login form's largest body: the admin token and its field name fit many times over. It is
 * read before anyone is signed in, so an unbounded body would let anyone make the gateway hold
 * megabytes.
 */
export const LOGIN_MAX_BYTES = 4096
/** A key id, as `pnpm keys` allows it. */
const KEY_ID = /^[A-Za-z0-9._-]{1,100}$/

/** The console, mounted at `/console`. */
export const consoleApp = new Hono<ConsoleEnv>()

consoleApp.use(
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: [NONCE],
      imgSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
    referrerPolicy: 'same-origin',
  }),
)
consoleApp.use(async (c, next) => {
  await next()
  c.header('cache-control', 'no-store')
})
// A cross-site form post is refused whatever it carries: a browser's POST names its origin.
consoleApp.use(async (c, next) => {
  if (c.req.method !== 'POST') return next()
  const origin = c.req.header('origin')
  const site = c.req.header('sec-fetch-site')
  if (origin !== new URL(c.req.url).origin || (site !== undefined && site !== 'same-origin')) {
    return c.text('Refused: a cross-site request.', 403, { 'cache-control': 'no-store' })
  }
  return next()
})

const nonceOf = (c: { get: (key: 'secureHeadersNonce') => string | undefined }) =>
  c.get('secureHeadersNonce') ?? ''

/** The login form (admin token), where it may be used. */
consoleApp.get('/login', (c) => {
  if (!tokenLoginAllowed(c.get('config'))) return c.text('Not found.', 404)
  return c.html(loginPage(nonceOf(c), undefined), 200)
})
consoleApp.post('/login', async (c) => {
  const config = c.get('config')
  if (!tokenLoginAllowed(config)) return c.text('Not found.', 404)
  const token = await loginTokenOf(c.req.raw)
  if (token === null)
    return c.text(`Refused: a login form is at most ${LOGIN_MAX_BYTES} bytes.`, 413)
  if (!(await isAuthorized(token, [config.adminToken]))) {
    return c.html(loginPage(nonceOf(c), 'That is not the admin token.'), 401)
  }
  setCookie(c, SESSION_COOKIE, await newSession(config.adminToken, Date.now()), {
    httpOnly: true,
    sameSite: 'Strict',
    secure: new URL(c.req.url).protocol === 'https:',
    path: '/console',
    maxAge: SESSION_MS / 1000,
  })
  return c.redirect('/console/messages', 303)
})

/**
 * The login form's `token`, read under {@link LOGIN_MAX_BYTES}: null when the body is larger,
 * undefined when it holds no token (or is no form).
 */
async function loginTokenOf(request: Request): Promise<string | null | undefined> {
  const bytes = await readCapped(request.body, LOGIN_MAX_BYTES)
  if (bytes === null) return null
  try {
    const form = await new Request(request.url, {
      method: 'POST',
      headers: request.headers,
      body: bytes,
    }).formData()
    const token = form.get('token')
    return typeof token === 'string' ? token : undefined
  } catch {
    return undefined
  }
}

function loginPage(nonce: string, error: string | undefined) {
  return (
    <Layout title="Sign in" current="" operator={null} nonce={nonce}>
      <Notice text={error} error />
      <form method="post" action="/console/login">
        <label>
          Admin token <input type="password" name="token" autocomplete="current-password" />
        </label>{' '}
        <button type="submit">Sign in</button>
      </form>
    </Layout>
  )
}

consoleApp.use(consoleAccess)
consoleApp.use(csrfField)

consoleApp.get('/', (c) => c.redirect('/console/messages', 303))

/** A time filter: ISO 8601 or milliseconds; undefined when empty, NaN when unreadable. */
function timeOf(text: string): number | undefined {
  if (text === '') return undefined
  return /^\d+$/.test(text) ? Number(text) : Date.parse(text)
}

/** `<ms>.<id>`, the cursor of the last row shown. */
function cursorOf(text: string | undefined): Cursor | null {
  const match = /^(\d{1,15})\.(.{1,200})$/.exec(text ?? '')
  return match === null ? null : { createdAt: Number(match[1]), id: match[2] ?? '' }
}

consoleApp.get('/messages', async (c) => {
  const fields = Object.fromEntries(
    FIELDS.map(([name]) => [name, (c.req.query(name) ?? '').trim().slice(0, 200)]),
  ) as SearchFields
  const from = timeOf(fields.from)
  const to = timeOf(fields.to)
  const operator = c.get('operator')
  const page = (body: Parameters<typeof MessagesPage>[0], status: 200 | 400) =>
    c.html(
      <Layout
        title="Messages"
        current="/console/messages"
        operator={operator.name}
        nonce={nonceOf(c)}
      >
        <MessagesPage {...body} />
      </Layout>,
      status,
    )
  if (Number.isNaN(from) || Number.isNaN(to)) {
    return page({ fields, rows: [], next: null, error: 'A time is ISO 8601 or milliseconds.' }, 400)
  }
  const filters: MessageFilters = {
    ...(fields.id === '' ? {} : { id: fields.id }),
    ...(fields.umid === '' ? {} : { umid: fields.umid }),
    ...(fields.recipient === '' ? {} : { recipient: fields.recipient }),
    ...(fields.clientMessageId === '' ? {} : { clientMessageId: fields.clientMessageId }),
    ...(fields.state === '' ? {} : { state: fields.state }),
    ...(fields.keyId === '' ? {} : { keyId: fields.keyId }),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  }
  const rows = await searchMessages(
    c.env.DB,
    filters,
    cursorOf(c.req.query('cursor')),
    PAGE_SIZE + 1,
  )
  const shown = rows.slice(0, PAGE_SIZE)
  const last = shown.at(-1)
  const next = rows.length > PAGE_SIZE && last !== undefined ? `${last.createdAt}.${last.id}` : null
  return page({ fields, rows: shown, next }, 200)
})

consoleApp.get('/messages/:id', async (c) => {
  const id = c.req.param('id')
  const operator = c.get('operator')
  const detail = await messageDetail(c.env.DB, id)
  if (detail === null) {
    return c.html(
      <Layout
        title="No such message"
        current="/console/messages"
        operator={operator.name}
        nonce={nonceOf(c)}
      >
        <p>{`No message has the id ${id}.`}</p>
      </Layout>,
      404,
    )
  }
  const [record, replays, deadLetter] = await Promise.all([
    findMessage(c.env.DB, detail.keyId, id),
    replaysOf(c.env.DB, id),
    isDeadLetter(c.env.DB, id),
  ])
  return c.html(
    <Layout
      title={`Message ${id}`}
      current="/console/messages"
      operator={operator.name}
      nonce={nonceOf(c)}
    >
      <MessagePage
        detail={detail}
        history={record?.history ?? []}
        replays={replays}
        deadLetter={deadLetter}
        csrf={operator.csrf}
      />
    </Layout>,
    200,
  )
})

consoleApp.get('/dead-letters', async (c) => {
  const operator = c.get('operator')
  const match = /^(\d{1,15})\.(.{1,200})$/.exec(c.req.query('cursor') ?? '')
  const before = match === null ? null : { at: Number(match[1]), id: match[2] ?? '' }
  const rows = await listDeadLetters(c.env.DB, before, PAGE_SIZE + 1)
  const shown = rows.slice(0, PAGE_SIZE)
  const last = shown.at(-1)
  const next = rows.length > PAGE_SIZE && last !== undefined ? `${last.updatedAt}.${last.id}` : null
  return c.html(
    <Layout
      title="Dead letters"
      current="/console/dead-letters"
      operator={operator.name}
      nonce={nonceOf(c)}
    >
      <DeadLettersPage
        rows={shown}
        next={next}
        csrf={operator.csrf}
        done={noticeOf(DONE_NOTICES, c.req.query('done'))}
      />
    </Layout>,
    200,
  )
})

consoleApp.post('/dead-letters/replay', async (c) => {
  const form = await c.req.parseBody({ all: true })
  const ids = [form.id].flat().filter((id): id is string => typeof id === 'string')
  if (ids.length === 0 || ids.length > REPLAY_MAX) {
    return c.text(`Choose 1 to ${REPLAY_MAX} dead letters.`, 400)
  }
  const config = c.get('config')
  const operator = c.get('operator')
  const replayed = await replay(
    { db: c.env.DB, delivery: c.env.DELIVERY, config },
    ids,
    operator.name,
  )
  if (replayed === null)
    return c.text('The delivery queue is unavailable; nothing was replayed.', 503)
  const done: DoneCode =
    replayed.length === ids.length
      ? 'replayed'
      : replayed.length === 0
        ? 'replayed-none'
        : 'replayed-some'
  return c.redirect(`/console/dead-letters?done=${done}`, 303)
})

consoleApp.get('/keys', async (c) => {
  const operator = c.get('operator')
  return c.html(
    <Layout title="Keys" current="/console/keys" operator={operator.name} nonce={nonceOf(c)}>
      <KeysPage
        keys={await listKeys(c.env.DB)}
        csrf={operator.csrf}
        done={noticeOf(DONE_NOTICES, c.req.query('done'))}
        error={noticeOf(ERROR_NOTICES, c.req.query('error'))}
      />
    </Layout>,
    200,
  )
})

/** The keys page after an action, with its notice's code. */
const backToKeys = (notice: { done: DoneCode } | { error: ErrorCode }) =>
  `/console/keys?${new URLSearchParams(notice).toString()}`

/** An ed25519 public key, SPKI base64, that WebCrypto imports. */
async function isEd25519PublicKey(text: string): Promise<boolean> {
  try {
    const der = Uint8Array.from(atob(text), (char) => char.charCodeAt(0))
    await crypto.subtle.importKey('spki', der, { name: 'Ed25519' }, false, ['verify'])
    return true
  } catch {
    return false
  }
}

/** The form's key id and public key, checked, or what is wrong with them. */
async function newKeyOf(form: Record<string, unknown>) {
  const keyId = typeof form.keyId === 'string' ? form.keyId.trim() : ''
  const publicKey = typeof form.publicKey === 'string' ? form.publicKey.trim() : ''
  if (!KEY_ID.test(keyId)) return { error: 'key-id-invalid' as const }
  if (!(await isEd25519PublicKey(publicKey))) return { error: 'public-key-invalid' as const }
  return { keyId, publicKey }
}

consoleApp.post('/keys', async (c) => {
  const form = await c.req.parseBody()
  const key = await newKeyOf(form)
  if ('error' in key) return c.redirect(backToKeys({ error: key.error }), 303)
  const subAccount = typeof form.subAccount === 'string' ? form.subAccount.trim() : ''
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(subAccount)) {
    return c.redirect(backToKeys({ error: 'sub-account-invalid' }), 303)
  }
  const added = await addPublicKey(c.env.DB, { ...key, subAccount, createdAt: Date.now() })
  return c.redirect(
    added ? backToKeys({ done: 'key-added' }) : backToKeys({ error: 'key-taken' }),
    303,
  )
})

consoleApp.post('/keys/rotate', async (c) => {
  const form = await c.req.parseBody()
  const key = await newKeyOf(form)
  if ('error' in key) return c.redirect(backToKeys({ error: key.error }), 303)
  const oldKeyId = typeof form.oldKeyId === 'string' ? form.oldKeyId.trim() : ''
  const rotated = await rotateToPublicKey(c.env.DB, oldKeyId, key.keyId, key.publicKey, Date.now())
  return c.redirect(
    rotated ? backToKeys({ done: 'key-rotated' }) : backToKeys({ error: 'rotation-refused' }),
    303,
  )
})

consoleApp.post('/keys/:keyId/revoke', async (c) => {
  const keyId = c.req.param('keyId')
  if (!(await revokeKey(c.env.DB, keyId))) return c.redirect(backToKeys({ error: 'no-key' }), 303)
  try {
    // As the admin route does: refused from the next request on, by every isolate.
    await c.env.ADMISSION.get(c.env.ADMISSION.idFromName(keyId)).revoke(Date.now())
  } catch (error) {
    console.error('admission unavailable', error instanceof Error ? error.name : 'error')
    return c.redirect(backToKeys({ error: 'revoked-in-d1-only' }), 303)
  }
  clientKeys.forget(keyId)
  return c.redirect(backToKeys({ done: 'key-revoked' }), 303)
})

consoleApp.post('/keys/:keyId/callback', async (c) => {
  const keyId = c.req.param('keyId')
  const form = await c.req.parseBody()
  const url = typeof form.url === 'string' ? form.url.trim() : ''
  if (url !== '' && !isAllowedCallbackUrl(url, c.get('config').environment)) {
    return c.redirect(backToKeys({ error: 'callback-url-refused' }), 303)
  }
  const saved = await setCallbackUrl(c.env.DB, keyId, url === '' ? null : url)
  return c.redirect(
    saved
      ? backToKeys({ done: url === '' ? 'callback-removed' : 'callback-set' })
      : backToKeys({ error: 'callback-refused' }),
    303,
  )
})

consoleApp.get('/contacts', async (c) => {
  const operator = c.get('operator')
  const config = c.get('config')
  const subAccount = (c.req.query('subAccount') ?? '').trim()
  const typed = (c.req.query('recipient') ?? '').trim()
  // Named as sends name it: `15551234567` is the contact `+15551234567`.
  const recipient = recipientNamed(typed)
  const suppressions =
    subAccount === '' ? [] : await listSuppressions(c.env.DB, subAccount, '', 1000)
  let contact: ContactState | null = null
  if (subAccount !== '' && recipient !== null) {
    contact = await contactOf(c.env.CONTACT, subAccount, recipient).state(
      contactSettings(config.contact, null).pace,
      Date.now(),
    )
  }
  return c.html(
    <Layout
      title="Contacts"
      current="/console/contacts"
      operator={operator.name}
      nonce={nonceOf(c)}
    >
      <ContactsPage
        subAccount={subAccount}
        recipient={recipient ?? typed}
        suppressions={suppressions}
        contact={contact}
        csrf={operator.csrf}
        done={noticeOf(DONE_NOTICES, c.req.query('done'))}
      />
    </Layout>,
    200,
  )
})

consoleApp.post('/contacts/consent', async (c) => {
  const form = await c.req.parseBody()
  const subAccount = typeof form.subAccount === 'string' ? form.subAccount : ''
  const recipient = recipientNamed(typeof form.recipient === 'string' ? form.recipient.trim() : '')
  const lifted = typeof form.fact === 'string' ? consentFactNamed(form.fact) : null
  const named = form.state === 'opted_out' || form.state === 'subscribed' ? form.state : null
  // A fact's button lifts that fact alone (an unknown one: refused); the others name the state.
  const state = form.fact === undefined ? named : lifted === null ? null : 'subscribed'
  if (subAccount === '' || recipient === null || state === null) {
    return c.text('A sub-account, a recipient and a state are needed.', 400)
  }
  await setSuppression(
    { contacts: c.env.CONTACT, db: c.env.DB },
    subAccount,
    recipient,
    state,
    `console: ${c.get('operator').name}`.slice(0, 200),
    Date.now(),
    lifted,
  )
  const done: DoneCode =
    state === 'opted_out' ? 'suppressed' : lifted === null ? 'lifted' : 'lifted-fact'
  const query = new URLSearchParams({ subAccount, recipient, done })
  return c.redirect(`/console/contacts?${query.toString()}`, 303)
})

consoleApp.get('/circuits', async (c) => {
  const operator = c.get('operator')
  const subAccounts = [...new Set((await listKeys(c.env.DB)).map((key) => key.subAccount))].sort()
  const circuits = await Promise.all(
    subAccounts.map(async (subAccount) => {
      let state: CircuitState | null = null
      try {
        state = await c.env.CIRCUIT.get(c.env.CIRCUIT.idFromName(subAccount)).state(Date.now())
      } catch {
        // Shown as unavailable.
      }
      return { subAccount, state }
    }),
  )
  return c.html(
    <Layout
      title="Circuits"
      current="/console/circuits"
      operator={operator.name}
      nonce={nonceOf(c)}
    >
      <CircuitsPage circuits={circuits} />
    </Layout>,
    200,
  )
})

consoleApp.get('/templates', async (c) => {
  const operator = c.get('operator')
  // Every channel ever synced, also one since dropped from TEMPLATE_CHANNELS (its rows stay).
  const syncs = await listChannelSyncs(c.env.DB)
  const registry = await readRegistry(
    c.env.DB,
    syncs.map((sync) => sync.channelId),
  )
  return c.html(
    <Layout
      title="Templates"
      current="/console/templates"
      operator={operator.name}
      nonce={nonceOf(c)}
    >
      <TemplatesPage syncs={syncs} templates={registry.templates} />
    </Layout>,
    200,
  )
})

consoleApp.get('/live', async (c) => {
  const operator = c.get('operator')
  const since = Date.now() - LIVE_MINUTES * 60_000
  return c.html(
    <Layout
      title="Live"
      current="/console/live"
      operator={operator.name}
      nonce={nonceOf(c)}
      refreshSeconds={LIVE_REFRESH_SECONDS}
    >
      <LivePage
        figures={await liveFigures(c.env.DB, since)}
        refusals={await refusalsSince(c.env.DB, since)}
        since={since}
        minutes={LIVE_MINUTES}
        refreshSeconds={LIVE_REFRESH_SECONDS}
      />
    </Layout>,
    200,
  )
})
