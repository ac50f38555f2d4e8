/**
 * A contact: one Durable Object per (8x8 sub-account, recipient), SQLite storage. It holds the
 * customer-service window, consent (with every change: who, when, why), the recipient's pacing
 * bucket and the last inbound and outbound times (docs/conversations.md).
 *
 * One person may be named two ways on WhatsApp: by number and by business-scoped user id (BSUID).
 * Once an inbound message carries both, the BSUID's contact hands its state to the number's
 * ({@link Contact.link}) and from then on passes every call there: a stop said under either name
 * holds for both, and a send to either sees one window.
 *
 * @module
 */
import { DurableObject } from 'cloudflare:workers'
import { CONSENT_FACTS_TABLE, consentOfOneState, readConsent, writeConsent } from './consent-store'
import {
  CONSENT_FACTS,
  type ConsentChange,
  type ConsentFact,
  type ConsentFacts,
  type ConsentNow,
  type ConsentState,
  type ContactConsent,
  type ContactEvent,
  type ContactSettings,
  type ContactSnapshot,
  type ContactState,
  consentAfter,
  consentOf,
  contactName,
  type EventResult,
  factsChanged,
  holding,
  keywordOf,
  type LinkResult,
  NO_CHANGE,
  NO_CONSENT,
  type PaceBefore,
  type PaceGrant,
  type PaceSettings,
  type ProposedChange,
  refusedBy,
  SERVICE_WINDOW_MS,
  type SendCheck,
  START_KEYWORDS,
  STOP_KEYWORDS,
  summaryOf,
  type Verdict,
  type WindowView,
} from './protocol'

interface Row extends Record<string, SqlStorageValue> {
  window_until: number | null
  window_closed_at: number | null
  consent: string
  tokens: number | null
  refilled_at: number
  held_until: number
  last_inbound: number | null
  last_outbound: number | null
}

interface HistoryRow extends Record<string, SqlStorageValue> {
  state: string
  by: string
  reason: string
  at: number
  fact: string | null
}

interface LinkRow extends Record<string, SqlStorageValue> {
  sub_account: string
  canonical: string
}

/** The contact an alias passes its calls to. */
interface Link {
  readonly subAccount: string
  readonly canonical: string
}

/**
 * How often a send's bookkeeping (the bucket, the last outbound time) is written: a send changes
 * only memory, so that the hot path costs no storage commit; at most one write a second per
 * contact. An object evicted before the write loses at most that second: its bucket starts full
 * again (Meta still enforces its pair rate, and a 1028 receipt backs off) and its last outbound
 * time is up to a second older. Consent and the window are written at once, always.
 */
const PERSIST_MS = 1000

/** Consent changes kept per contact (the newest). */
const HISTORY = 50
/** How long an event's umid is remembered, so that 8x8's retries change nothing twice. */
const SEEN_MS = 2 * SERVICE_WINDOW_MS
/** The newest umids an alias hands over when it joins a contact (8x8 retries within hours). */
const SEEN_HANDED = 1000

export class Contact extends DurableObject<Env> {
  private readonly sql: SqlStorage
  /** The row as this object holds it: storage is read once, then only written. */
  private cached: Row | null = null
  /** The consent facts as this object holds them: read once, then only written. */
  private factsCached: ContactConsent | null = null
  private persistedAt = 0
  /** Whose alias this contact is (null: nobody's; undefined: not read yet). */
  private linkCache: Link | null | undefined
  /**
   * Pacing tokens are numbered as they are taken (increasing, from the clock, so that numbers
   * stay unique across restarts): the last one taken, and where the last 1028 hold came. Tokens
   * taken in one instant (the clock stands still within an event) still differ.
   */
  private lastGrant = 0
  private heldAtGrant = 0
  private grantSeq = 0
  /**
   * When the last queued message told to wait for its pace was told to come back. Each next one
   * is told to come back a token later, so that waiters return one by one: told the same time,
   * n of them raced for each token, the last retried n times, and a queue's retries are bounded
   * (100). In memory: a restart only bunches the next waiters again.
   */
  private lastSlotAt = Number.NEGATIVE_INFINITY

  /**
   * No storage yet: a contact nothing has happened to. Reading it (`GET /v1/contacts/{recipient}`)
   * answers the defaults and leaves it so, so that asking about any number of recipients stores
   * nothing; the first call that may write makes its tables ({@link ensure}).
   */
  private fresh: boolean

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    this.sql = ctx.storage.sql
    this.fresh = !this.hasTable('contact')
    // An object made before a table was added gains it; one stored before each consent fact was
    // kept on its own reads its one state into them.
    if (!this.fresh) {
      const oneState = !this.hasTable('consent_facts')
      this.createTables()
      if (oneState) this.saveFacts(consentOfOneState(this.sql, this.history()))
    }
  }

  private hasTable(name: string): boolean {
    return (
      this.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", name).toArray()
        .length > 0
    )
  }

  /** Makes the contact's tables, once, before a call that may write. */
  private ensure(): void {
    if (!this.fresh) return
    this.createTables()
    this.fresh = false
  }

  private createTables(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS contact (id INTEGER PRIMARY KEY CHECK (id = 1),
      window_until INTEGER, window_closed_at INTEGER, consent TEXT NOT NULL, tokens REAL,
      refilled_at INTEGER NOT NULL, held_until INTEGER NOT NULL, last_inbound INTEGER,
      last_outbound INTEGER);
      INSERT OR IGNORE INTO contact (id, consent, refilled_at, held_until)
      VALUES (1, 'subscribed', 0, 0);
      CREATE TABLE IF NOT EXISTS consent_history (seq INTEGER PRIMARY KEY AUTOINCREMENT,
      state TEXT NOT NULL, by TEXT NOT NULL, reason TEXT NOT NULL, at INTEGER NOT NULL,
      fact TEXT);
      CREATE TABLE IF NOT EXISTS seen (umid TEXT PRIMARY KEY, at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS link (id INTEGER PRIMARY KEY CHECK (id = 1),
      sub_account TEXT NOT NULL, canonical TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS aliases (alias TEXT PRIMARY KEY, at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS last_keyword (id INTEGER PRIMARY KEY CHECK (id = 1),
      sent_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS consent_clock (id INTEGER PRIMARY KEY CHECK (id = 1),
      refused_at INTEGER, lifted_at INTEGER);
      INSERT OR IGNORE INTO consent_clock (id, refused_at, lifted_at)
      SELECT 1, sent_at, sent_at FROM last_keyword;
      ${CONSENT_FACTS_TABLE}`)
    // last_keyword held the newest stop or start keyword's time before receipts and operators
    // joined the order (consent_clock): a contact made then starts from it, whichever it was.
    // consent_clock and the row's one `consent` state are read into consent_facts once.
    // A history kept before an operator could lift one fact gains its `fact` (null: every fact).
    const columns = this.sql.exec<{ name: string }>(
      "SELECT name FROM pragma_table_info('consent_history')",
    )
    if (!columns.toArray().some(({ name }) => name === 'fact')) {
      this.sql.exec('ALTER TABLE consent_history ADD COLUMN fact TEXT')
    }
  }

  /** Every consent fact (read once). */
  private facts(): ContactConsent {
    this.factsCached ??= readConsent(this.sql)
    return this.factsCached
  }

  /** Keeps the facts, written at once, with the row's one summary state beside them. */
  private saveFacts(facts: ContactConsent): void {
    this.factsCached = facts
    writeConsent(this.sql, facts)
    // The one state an older version of this object reads, should it run again.
    this.sql.exec('UPDATE contact SET consent = ?', summaryOf(facts))
    if (this.cached !== null) this.cached.consent = summaryOf(facts)
  }

  /** Whose alias this contact is (read once; null: nobody's). */
  private linkRow(): Link | null {
    if (this.linkCache === undefined) {
      const row = this.sql.exec<LinkRow>('SELECT sub_account, canonical FROM link').toArray()[0]
      this.linkCache =
        row === undefined ? null : { subAccount: row.sub_account, canonical: row.canonical }
    }
    return this.linkCache
  }

  private contact(subAccount: string, recipient: string): DurableObjectStub<Contact> {
    const namespace = this.env.CONTACT
    return namespace.get(namespace.idFromName(contactName(subAccount, recipient)))
  }

  /** The contact this one passes its calls to, when it is an alias. */
  private target(): { readonly stub: DurableObjectStub<Contact>; readonly name: string } | null {
    const link = this.linkRow()
    if (link === null) return null
    return {
      stub: this.contact(link.subAccount, link.canonical),
      name: link.canonical,
    }
  }

  /**
   * An alias's call passed on to the contact it is an alias of, the answer naming that contact
   * (null: this contact is nobody's alias, and answers itself).
   */
  private forward<T extends object>(
    call: (stub: DurableObjectStub<Contact>) => Promise<T>,
  ): Promise<T & { recipient: string }> | null {
    const to = this.target()
    if (to === null) return null
    return call(to.stub).then((result) => ({ ...result, recipient: to.name }))
  }

  /** Every consent change kept, oldest first. */
  private history(): ConsentChange[] {
    return this.sql
      .exec<HistoryRow>('SELECT state, by, reason, at, fact FROM consent_history ORDER BY seq')
      .toArray()
      .map(toChange)
  }

  private row(): Row {
    this.cached ??= this.sql
      .exec<Row>(
        `SELECT window_until, window_closed_at, consent, tokens, refilled_at, held_until,
          last_inbound, last_outbound FROM contact`,
      )
      .one()
    return this.cached
  }

  /** Keeps the row; writes it now, or (`lazy`: a send's bookkeeping) within {@link PERSIST_MS}. */
  private save(row: Row, now: number, lazy = false): void {
    this.cached = row
    if (lazy && now - this.persistedAt < PERSIST_MS) return
    this.persistedAt = now
    this.sql.exec(
      `UPDATE contact SET window_until = ?, window_closed_at = ?, consent = ?, tokens = ?,
        refilled_at = ?, held_until = ?, last_inbound = ?, last_outbound = ?`,
      row.window_until,
      row.window_closed_at,
      row.consent,
      row.tokens,
      row.refilled_at,
      row.held_until,
      row.last_inbound,
      row.last_outbound,
    )
  }

  /** The next number in the order tokens are taken and holds come. */
  private nextGrant(now: number): number {
    this.grantSeq = Math.max(this.grantSeq + 1, now * 1000)
    return this.grantSeq
  }

  /** The bucket's tokens now (full when never used). */
  private tokens(row: Row, pace: PaceSettings, now: number): number {
    if (row.tokens === null) return pace.burst
    const refill = (Math.max(0, now - row.refilled_at) / 1000) * pace.ratePerSecond
    return Math.min(pace.burst, row.tokens + refill)
  }

  /** Takes a token, or says how long until one is there. */
  private take(
    row: Row,
    pace: PaceSettings,
    now: number,
  ): { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number } {
    if (row.held_until > now) return { ok: false, retryAfterMs: row.held_until - now }
    const tokens = this.tokens(row, pace, now)
    if (tokens < 1) {
      const retryAfterMs = Math.ceil(((1 - tokens) / pace.ratePerSecond) * 1000)
      return { ok: false, retryAfterMs: Math.max(1, retryAfterMs) }
    }
    row.tokens = tokens - 1
    row.refilled_at = now
    row.last_outbound = now
    this.lastGrant = this.nextGrant(now)
    return { ok: true }
  }

  private window(row: Row, now: number): WindowView {
    const until = row.window_until
    if (until !== null && until > now) return { open: true, openUntil: until, closedAt: null }
    return {
      open: false,
      openUntil: until,
      closedAt: row.window_closed_at ?? until,
    }
  }

  /** The consent now: its summary state, by its strongest fact, and every fact that holds. */
  private consent(): ConsentNow {
    const facts = holding(this.facts())
    const strongest = facts[0]
    if (strongest !== undefined) return { ...strongest, facts }
    const last = this.sql
      .exec<HistoryRow>(
        'SELECT state, by, reason, at, fact FROM consent_history ORDER BY seq DESC LIMIT 1',
      )
      .toArray()[0]
    return { ...(last === undefined ? NO_CHANGE : toChange(last)), state: 'subscribed', facts }
  }

  /**
   * Applies a consent change by {@link consentAfter}, each fact in the order its changes were
   * made; the consent after it when a fact changed (the change kept in the history), else null.
   */
  private change(proposed: ConsentChange & ProposedChange): ConsentNow | null {
    const before = this.facts()
    const after = consentAfter(before, proposed)
    this.saveFacts(after)
    if (!factsChanged(before, after)) return null
    this.record(proposed)
    this.sql.exec(
      'DELETE FROM consent_history WHERE seq <= (SELECT MAX(seq) FROM consent_history) - ?',
      HISTORY,
    )
    return this.consent()
  }

  /** Keeps a change in the history: who, when, why, and the one fact an operator lifted. */
  private record(change: ConsentChange): void {
    this.sql.exec(
      'INSERT INTO consent_history (state, by, reason, at, fact) VALUES (?, ?, ?, ?, ?)',
      change.state,
      change.by,
      change.reason,
      change.at,
      change.fact ?? null,
    )
  }

  /**
   * The send check, one call per send: consent, the service window under the key's policy, and
   * (synchronous sends) a pacing token. A refused send takes no token.
   */
  check(settings: ContactSettings, send: SendCheck, now: number): Verdict | Promise<Verdict> {
    this.ensure()
    const to = this.target()
    if (to !== null) return to.stub.check(settings, send, now) as Promise<Verdict>
    const row = this.row()
    const refusal = refusedBy(this.facts(), send)
    if (refusal !== null) return { ok: false, kind: 'opted_out', consent: refusal }
    const window = this.window(row, now)
    const windowApplies = send.policy !== 'off' && !send.template && send.whatsAppOnly
    if (windowApplies && send.policy === 'enforce' && !window.open) {
      return { ok: false, kind: 'outside_window', window }
    }
    if (send.take) {
      const grant = this.take(row, settings.pace, now)
      if (!grant.ok) return { ok: false, kind: 'paced', retryAfterMs: grant.retryAfterMs }
      this.save(row, now, true)
    }
    return { ok: true, window, windowApplies }
  }

  /**
   * The delivery queue's check, just before a queued message leaves: consent again (a STOP, a
   * block or a marketing opt-out may have come while it waited), then a pacing token now, or how
   * long to wait for one: waiters are told times a token apart ({@link lastSlotAt}).
   */
  pace(settings: ContactSettings, send: ConsentFacts, now: number): PaceGrant | Promise<PaceGrant> {
    this.ensure()
    const to = this.target()
    if (to !== null) return to.stub.pace(settings, send, now) as Promise<PaceGrant>
    const row = this.row()
    const refusal = refusedBy(this.facts(), send)
    if (refusal !== null) return { ok: false, kind: 'opted_out', consent: refusal }
    const before = {
      tokens: row.tokens,
      refilledAt: row.refilled_at,
      lastOutbound: row.last_outbound,
    }
    const taken = this.take(row, settings.pace, now)
    if (!taken.ok) {
      const slot = Math.max(
        now + taken.retryAfterMs,
        this.lastSlotAt + 1000 / settings.pace.ratePerSecond,
      )
      this.lastSlotAt = slot
      return { ok: false, kind: 'paced', retryAfterMs: Math.ceil(slot - now) }
    }
    this.save(row, now, true)
    return { ok: true, before, grant: this.lastGrant }
  }

  /**
   * Gives back the token of a {@link pace} grant whose message was not sent: cancelled meanwhile,
   * or held back by the circuit. When no token was taken since, the bucket and the last send are
   * as they were; otherwise the token is added back. After a 1028 hold that came since the grant,
   * nothing: the hold emptied the bucket, and a token given back would undo that.
   */
  unpace(
    settings: ContactSettings,
    grant: number,
    before: PaceBefore,
    now: number,
  ): undefined | Promise<undefined> {
    this.ensure()
    const to = this.target()
    if (to !== null) return to.stub.unpace(settings, grant, before, now) as Promise<undefined>
    const row = this.row()
    if (grant <= this.heldAtGrant) return undefined
    if (grant === this.lastGrant) {
      row.tokens = before.tokens
      row.refilled_at = before.refilledAt
      row.last_outbound = before.lastOutbound
    } else {
      row.tokens = Math.min(settings.pace.burst, this.tokens(row, settings.pace, now) + 1)
      row.refilled_at = now
    }
    this.save(row, now)
    return undefined
  }

  /** An inbound message or a receipt's error, once per umid (8x8 retries). */
  event(
    settings: ContactSettings,
    event: ContactEvent,
    now: number,
  ): EventResult | Promise<EventResult> {
    this.ensure()
    const forwarded = this.forward(
      (stub) => stub.event(settings, event, now) as Promise<EventResult>,
    )
    if (forwarded !== null) return forwarded
    const key = `${event.kind}:${event.umid}`
    const inserted = this.sql.exec(
      'INSERT OR IGNORE INTO seen (umid, at) VALUES (?, ?) RETURNING umid',
      key,
      now,
    )
    if (inserted.toArray().length === 0) {
      return { duplicate: true, consent: this.consent() }
    }
    this.sql.exec('DELETE FROM seen WHERE at < ?', now - SEEN_MS)
    const row = this.row()
    let consent: ConsentNow | null = null
    if (event.kind === 'inbound') {
      row.last_inbound = now
      // Meta counts 24 hours from the user's message, not from 8x8's delivery of it (a webhook
      // retried for minutes must not stretch the window); an older message arriving late never
      // shortens it.
      const until = event.sentAt + SERVICE_WINDOW_MS
      if (event.opensWindow && (row.window_until === null || until > row.window_until)) {
        row.window_until = until
        row.window_closed_at = null
      }
      const keyword = event.text === null ? '' : keywordOf(event.text)
      // The configured keywords read as a message's would: `arrêt` typed with a combining accent.
      // One that reads as nothing (`!!!`) is none: else every message without text (an image, a
      // location) would be a stop.
      const stops = [...STOP_KEYWORDS, ...settings.stopKeywords.map(keywordOf)]
      const stop = keyword !== '' && stops.includes(keyword)
      const start = !stop && START_KEYWORDS.includes(keyword)
      if (stop || start) {
        const state = stop ? 'opted_out' : 'subscribed'
        consent = this.change({
          state,
          by: 'user',
          reason: keyword,
          at: now,
          madeAt: event.sentAt,
        })
      }
    } else {
      switch (event.effect) {
        case 'window_closed':
          // Meta refused: outside the 24-hour window. Whatever the gateway thought, it is closed,
          // unless the user wrote on WhatsApp after that send failed: that opened a new window.
          if (row.window_until !== null && event.failedAt < row.window_until - SERVICE_WINDOW_MS) {
            break
          }
          if (row.window_until === null || row.window_until > now) row.window_until = now
          row.window_closed_at = now
          break
        case 'pair_rate':
          // Meta's pair rate limit: hold this recipient's sends back and empty the bucket.
          row.held_until = Math.max(row.held_until, now + settings.pairLimitBackoffMs)
          // The tokens granted so far are spent, whatever becomes of their messages (unpace).
          this.heldAtGrant = this.nextGrant(now)
          row.tokens = 0
          row.refilled_at = row.held_until
          break
        case 'marketing_opt_out':
        case 'blocked':
          consent = this.change({
            state: event.effect === 'blocked' ? 'blocked' : 'marketing_opted_out',
            by: '8x8',
            reason: event.errorCode,
            at: now,
            // 8x8's time: a receipt replayed after the seen umids expired, or older than the
            // user's START or an operator's removal, changes nothing (consentAfter).
            madeAt: event.failedAt,
          })
          break
      }
    }
    this.save(row, now)
    return { duplicate: false, consent }
  }

  /**
   * An operator's suppression (`opted_out`) or its removal (`subscribed`) of the one fact
   * `lifted` names, or of every fact: the contact's consent after it, with the name it lives
   * under when this one is an alias.
   */
  setConsent(
    state: 'opted_out' | 'subscribed',
    reason: string,
    now: number,
    lifted: ConsentFact | null = null,
  ): ConsentResult | Promise<ConsentResult> {
    this.ensure()
    const forwarded = this.forward(
      (stub) => stub.setConsent(state, reason, now, lifted) as Promise<ConsentResult>,
    )
    if (forwarded !== null) return forwarded
    // A suppression sets the stop beside a block (an export imported back leaves it blocked);
    // a removal lifts the fact it names, else every fact (consentAfter). A fact that does not
    // hold is lifted already: nothing changes, nothing is added to the history.
    const fact = state === 'subscribed' && lifted !== null ? { fact: lifted } : {}
    this.change({ state, by: 'operator', reason, at: now, madeAt: now, ...fact })
    return this.consent()
  }

  /** The whole contact, for `GET /v1/contacts/{recipient}`. */
  state(pace: PaceSettings, now: number): ContactState | Promise<ContactState> {
    if (this.fresh) return this.view(FRESH_ROW, NO_CONSENT, [], [], pace, now)
    const to = this.target()
    if (to !== null) {
      return (to.stub.state(pace, now) as Promise<ContactState>).then((state) => ({
        ...state,
        sameAs: to.name,
      }))
    }
    const aliases = this.sql
      .exec<{ alias: string }>('SELECT alias FROM aliases ORDER BY alias')
      .toArray()
      .map(({ alias }) => alias)
    return this.view(this.row(), this.facts(), this.history(), aliases, pace, now)
  }

  private view(
    row: Row,
    facts: ContactConsent,
    history: ConsentChange[],
    aliases: string[],
    pace: PaceSettings,
    now: number,
  ): ContactState {
    return {
      window: this.window(row, now),
      consent: { state: summaryOf(facts), facts: holding(facts), history },
      pacing: {
        ratePerSecond: pace.ratePerSecond,
        burst: pace.burst,
        tokens: Math.floor(this.tokens(row, pace, Math.max(now, row.held_until)) * 1000) / 1000,
        heldUntil: row.held_until > now ? row.held_until : null,
      },
      lastInboundAt: row.last_inbound,
      lastOutboundAt: row.last_outbound,
      sameAs: null,
      aliases,
    }
  }

  /**
   * Makes this contact (a BSUID's) an alias of `canonical` (the same person's number), which an
   * inbound message carrying both names shows: this contact's state joins the number's
   * ({@link Contact.absorb}), then every call here passes there. A later message with another
   * number points the alias at that one (nothing more moves: the state already left).
   * Retried safely: absorbing the same state twice changes nothing more.
   */
  async link(
    subAccount: string,
    alias: string,
    canonical: string,
    now: number,
  ): Promise<LinkResult> {
    this.ensure()
    if (this.linkRow()?.canonical === canonical) return { linked: false, consent: null }
    // Nothing else reaches this contact until it has joined: a STOP arriving while its state is
    // on the way would otherwise change a state already handed over, and be lost.
    return this.ctx.blockConcurrencyWhile(() => this.join(subAccount, alias, canonical, now))
  }

  private async join(
    subAccount: string,
    alias: string,
    canonical: string,
    now: number,
  ): Promise<LinkResult> {
    const current = this.linkRow()
    if (current?.canonical === canonical) return { linked: false, consent: null }
    const stub = this.contact(subAccount, canonical)
    let consent: ConsentNow | null = null
    if (current === null) {
      const row = this.row()
      const snapshot: ContactSnapshot = {
        alias,
        windowUntil: row.window_until,
        windowClosedAt: row.window_closed_at,
        heldUntil: row.held_until,
        lastInbound: row.last_inbound,
        lastOutbound: row.last_outbound,
        history: this.history(),
        seen: this.sql
          .exec<{ umid: string }>('SELECT umid FROM seen ORDER BY at DESC LIMIT ?', SEEN_HANDED)
          .toArray()
          .map(({ umid }) => umid),
      }
      consent = (await stub.absorb(snapshot, now)) as ConsentNow | null
    } else {
      // Another number for the same person: the alias follows it, and so do the first number's
      // consent changes (a stop said there holds under the new number, unless a later change
      // says otherwise). The first number's contact keeps all it learned.
      const previous = this.contact(current.subAccount, current.canonical)
      const history = (await previous.release(alias)) as ConsentChange[]
      consent = (await stub.absorb({ ...EMPTY_SNAPSHOT, alias, history }, now)) as ConsentNow | null
    }
    this.sql.exec(
      `INSERT INTO link (id, sub_account, canonical) VALUES (1, ?1, ?2)
       ON CONFLICT (id) DO UPDATE SET sub_account = ?1, canonical = ?2`,
      subAccount,
      canonical,
    )
    this.linkCache = { subAccount, canonical }
    return { linked: true, consent }
  }

  /**
   * Takes in an alias's state: the later window, the later hold and times, and its consent
   * changes; the newest change of either decides the consent. Returns the consent when it
   * changed. Taking the same state in again changes nothing.
   */
  absorb(snapshot: ContactSnapshot, now: number): ConsentNow | null {
    this.ensure()
    const row = this.row()
    if ((snapshot.windowUntil ?? -1) > (row.window_until ?? -1)) {
      row.window_until = snapshot.windowUntil
      row.window_closed_at = snapshot.windowClosedAt
    }
    row.held_until = Math.max(row.held_until, snapshot.heldUntil)
    row.last_inbound = latest(row.last_inbound, snapshot.lastInbound)
    row.last_outbound = latest(row.last_outbound, snapshot.lastOutbound)
    this.sql.exec('INSERT OR IGNORE INTO aliases (alias, at) VALUES (?, ?)', snapshot.alias, now)
    for (const umid of snapshot.seen) {
      this.sql.exec('INSERT OR IGNORE INTO seen (umid, at) VALUES (?, ?)', umid, now)
    }
    const before = this.facts()
    if (snapshot.history.length > 0) {
      // Both histories in one, by time; the same change twice (a retried link) is kept once.
      const ours = this.history()
      const merged = new Map<string, ConsentChange>()
      for (const change of [...ours, ...snapshot.history].sort((a, b) => a.at - b.at)) {
        const key = [change.state, change.by, change.reason, change.at, change.fact ?? null]
        merged.set(JSON.stringify(key), change)
      }
      const history = [...merged.values()].slice(-HISTORY)
      this.sql.exec('DELETE FROM consent_history')
      for (const change of history) this.record(change)
      // Both names' changes, in time order, by the same rule as live ones, each fact on its
      // own; each fact keeps the order this contact heard.
      const weighed = consentOf(history)
      const facts = { ...weighed }
      for (const fact of CONSENT_FACTS)
        facts[fact] = { ...weighed[fact], clock: before[fact].clock }
      this.saveFacts(facts)
    }
    this.save(row, now)
    return factsChanged(before, this.facts()) ? this.consent() : null
  }

  /**
   * An alias that now follows another number is no longer one of this contact's names; returns
   * this contact's consent changes, oldest first, for the number it follows now.
   */
  release(alias: string): ConsentChange[] {
    this.ensure()
    this.sql.exec('DELETE FROM aliases WHERE alias = ?', alias)
    return this.history()
  }
}

/** The row of a contact nothing has happened to (as `createTables` inserts it). */
const FRESH_ROW: Row = {
  window_until: null,
  window_closed_at: null,
  consent: 'subscribed',
  tokens: null,
  refilled_at: 0,
  held_until: 0,
  last_inbound: null,
  last_outbound: null,
}

/** An alias that already gave its state away gives nothing more. */
const EMPTY_SNAPSHOT: Omit<ContactSnapshot, 'alias'> = {
  windowUntil: null,
  windowClosedAt: null,
  heldUntil: 0,
  lastInbound: null,
  lastOutbound: null,
  history: [],
  seen: [],
}

/** A consent as an alias's contact answers it: with the name the contact lives under. */
export type ConsentResult = ConsentNow & { readonly recipient?: string }

const latest = (a: number | null, b: number | null) =>
  a === null ? b : b === null ? a : Math.max(a, b)

function toChange(row: HistoryRow): ConsentChange {
  return {
    state: row.state as ConsentState,
    by: row.by as ConsentChange['by'],
    reason: row.reason,
    at: row.at,
    ...(row.fact !== null && { fact: row.fact as ConsentFact }),
  }
}
