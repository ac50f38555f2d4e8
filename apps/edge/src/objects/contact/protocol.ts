/**
 * What the contact object (one per sub-account and recipient) is asked and answers. Settings
 * arrive with each call: the object reads no configuration (README, The map).
 *
 * @module
 */
import type { ErrorEffect } from '@chatapps/dsl'

/** A key's service-window policy (`client_keys.service_window`). */
export type ServiceWindowPolicy = 'off' | 'observe' | 'enforce'

/** A token bucket per recipient: how many sends may go at once, and how fast it refills. */
export interface PaceSettings {
  /** Sends per second, refilled continuously. */
  readonly ratePerSecond: number
  /** At most this many sends at once. */
  readonly burst: number
}

/** The contact's tuning, passed with each call. */
export interface ContactSettings {
  readonly pace: PaceSettings
  /** Extra stop keywords, beside {@link STOP_KEYWORDS}; compared as {@link keywordOf} reads them. */
  readonly stopKeywords: readonly string[]
  /** How long a 1028 receipt (Meta's pair rate limit) holds the recipient's sends back. */
  readonly pairLimitBackoffMs: number
}

/** The stop keywords every contact knows (whole message, any case, spaces ignored). */
export const STOP_KEYWORDS: readonly string[] = [
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
]
/** The keywords that lift a stop. */
export const START_KEYWORDS: readonly string[] = ['START', 'UNSTOP']

/** The customer-service window: Meta's 24 hours after the user's last message. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000

/** Whether the recipient may be sent to, and why not. */
export type ConsentState = 'subscribed' | 'opted_out' | 'blocked' | 'marketing_opted_out'

/** One change of consent: who, when, why. */
export interface ConsentChange {
  readonly state: ConsentState
  /** `user` (a keyword), `8x8` (a receipt), `operator` (admin routes). */
  readonly by: 'user' | '8x8' | 'operator'
  /** The keyword, the receipt's error code, or the operator's reason. */
  readonly reason: string
  readonly at: number
  /**
   * The one fact an operator's removal lifted (`?fact=`); absent: every fact the change speaks
   * of ({@link consentAfter}). Kept in the history, so that weighing it again lifts that fact only.
   */
  readonly fact?: ConsentFact
}

/**
 * A consent change as {@link consentAfter} weighs it: its state, who made it, and when it was
 * made (`madeAt`, ms): the user's time for a keyword (8x8's `timestamp` of the message), 8x8's
 * `status.timestamp` for a receipt (either, when missing or ahead of its arrival, its arrival),
 * the moment it is made for an operator's.
 */
export interface ProposedChange extends Pick<ConsentChange, 'state' | 'by'> {
  readonly madeAt: number
}

/**
 * A fact of consent the contact keeps on its own, strongest first ({@link CONSENT_FACTS}): a stop
 * (the user's STOP, or an operator's suppression), a Viber block (8x8's 2007), a marketing
 * opt-out (8x8's 1051, Meta's 131050). They never overwrite each other: a recipient may hold all
 * three.
 */
export type ConsentFact = Exclude<ConsentState, 'subscribed'>

/**
 * The facts, strongest first: a stop refuses every send, so it names the recipient's state
 * before a block (a Viber-only send) and a marketing opt-out (a MARKETING template over WhatsApp
 * alone). A block comes before a marketing opt-out so that the suppression index, which lists
 * blocks, keeps a recipient who holds both.
 */
export const CONSENT_FACTS: readonly ConsentFact[] = ['opted_out', 'blocked', 'marketing_opted_out']

/**
 * When the newest changes of one fact a contact heard were made (ms, null: none): the newest that
 * set it (a STOP or an operator's suppression; a 2007; a 1051) and the newest that lifted it (a
 * START, an operator's removal).
 */
export interface ConsentClock {
  readonly refusedAt: number | null
  readonly liftedAt: number | null
}

/** One fact as the contact keeps it: whether it holds, the change that set it, its clock. */
export interface FactRecord {
  readonly holds: boolean
  /** The change that set it (null: it never held, or it was lifted). */
  readonly change: ConsentChange | null
  readonly clock: ConsentClock
}

/** Every consent fact of a contact, each on its own. */
export type ContactConsent = Readonly<Record<ConsentFact, FactRecord>>

const NEVER: ConsentClock = { refusedAt: null, liftedAt: null }

/** The facts of a contact nothing has happened to: none holds, none was ever heard. */
export const NO_CONSENT: ContactConsent = {
  opted_out: { holds: false, change: null, clock: NEVER },
  blocked: { holds: false, change: null, clock: NEVER },
  marketing_opted_out: { holds: false, change: null, clock: NEVER },
}

/**
 * A fact as an operator names it (`?fact=`, the console): its state, as `consent.facts` names it;
 * null for anything else.
 *
 * @example
 * consentFactNamed('marketing_opted_out') // 'marketing_opted_out'
 * consentFactNamed('subscribed') // null
 */
export function consentFactNamed(name: string): ConsentFact | null {
  return CONSENT_FACTS.find((fact) => fact === name) ?? null
}

/**
 * The facts a change speaks of. A refusal sets its own. The user's START lifts the stop and the
 * marketing opt-out: it is a new consent to this business's messages, given in the chat itself,
 * newer than the marketing setting 8x8 reported (if Meta still holds it, the next marketing
 * template fails with a newer 1051, which sets it again). It does not lift a Viber block: the
 * user lifts that in Viber, which tells nobody. An operator's removal lifts the one fact it
 * names, else all three: it says the recipient may be sent to, and it is the one way to clear a
 * block or an opt-out Meta no longer holds.
 */
function factsOf(change: Pick<ConsentChange, 'state' | 'by' | 'fact'>): readonly ConsentFact[] {
  if (change.state !== 'subscribed') return [change.state]
  if (change.by !== 'operator') return ['opted_out', 'marketing_opted_out']
  return change.fact === undefined ? CONSENT_FACTS : [change.fact]
}

/**
 * Whether a change comes too late to count for one fact, as if every change had come in the order
 * it was made: a lift made before the fact's newest refusal heard (a START older than a STOP or a
 * 1051), or a refusal made before the fact's newest lift heard (a STOP older than a START; a 1051
 * or a 2007 replayed, or arriving out of order, older than a START or an operator's removal).
 * Each fact has its own order: a 2007 older than a 1051 still blocks, a STOP older than a 1051
 * still stops. At the same moment a refusal counts and a lift does not. An operator acts on what
 * the contact is now: an operator's change is never late.
 */
function isLate(change: ProposedChange, heard: ConsentClock): boolean {
  if (change.by === 'operator') return false
  if (change.state === 'subscribed') {
    return heard.refusedAt !== null && change.madeAt <= heard.refusedAt
  }
  return heard.liftedAt !== null && change.madeAt < heard.liftedAt
}

const later = (a: number | null, b: number) => (a === null ? b : Math.max(a, b))

/**
 * The facts after a change, whoever made it and whenever it comes (a live event, or a BSUID's
 * history joining its number's): the one rule of docs/conversations.md. The change speaks of some
 * facts (a refusal of its own; a START of the stop and the marketing opt-out; an operator's
 * removal of the fact it names, else of all); each of those changes unless the change comes too
 * late for it (made before that fact's newest change it would have been overruled by), and hears
 * it either way. `ordered`: the changes come in time order already (a history), and none is late.
 *
 * @example
 * // 1051, then 2007: both hold.
 * consentAfter(consentAfter(NO_CONSENT, { state: 'marketing_opted_out', by: '8x8', reason: '1051', at: 1, madeAt: 1 }), { state: 'blocked', by: '8x8', reason: '2007', at: 2, madeAt: 2 })
 */
export function consentAfter(
  facts: ContactConsent,
  change: ConsentChange & ProposedChange,
  ordered = false,
): ContactConsent {
  const next = { ...facts }
  const refusal = change.state !== 'subscribed'
  const { state, by, reason, at } = change
  for (const fact of factsOf(change)) {
    const { holds, clock } = facts[fact]
    const heard: ConsentClock = refusal
      ? { ...clock, refusedAt: later(clock.refusedAt, change.madeAt) }
      : { ...clock, liftedAt: later(clock.liftedAt, change.madeAt) }
    if (!ordered && isLate(change, clock)) {
      next[fact] = { ...facts[fact], clock: heard }
    } else if (refusal) {
      // A fact that holds keeps the change that first set it (a second STOP says nothing new).
      next[fact] = {
        holds: true,
        change: holds ? facts[fact].change : { state, by, reason, at },
        clock: heard,
      }
    } else {
      next[fact] = { holds: false, change: null, clock: heard }
    }
  }
  return next
}

/** The change a contact that never changed answers with. */
export const NO_CHANGE: ConsentChange = {
  state: 'subscribed',
  by: 'user',
  reason: 'default',
  at: 0,
}

/**
 * The facts a history makes: its changes weighed in time order (none is late) by
 * {@link consentAfter}, from a contact with no fact (a BSUID's changes joining its number's).
 *
 * @example
 * consentOf([{ state: 'opted_out', by: 'user', reason: 'STOP', at: 1 }]).opted_out.holds // true
 */
export function consentOf(history: readonly ConsentChange[]): ContactConsent {
  return history.reduce(
    (facts, change) => consentAfter(facts, { ...change, madeAt: change.at }, true),
    NO_CONSENT,
  )
}

/** Whether a change made any fact hold, or stop holding. */
export function factsChanged(before: ContactConsent, after: ContactConsent): boolean {
  return CONSENT_FACTS.some((fact) => before[fact].holds !== after[fact].holds)
}

/**
 * The facts that hold, strongest first, each as the change that set it.
 *
 * @example
 * holding(facts).map((change) => change.state) // ['blocked', 'marketing_opted_out']
 */
export function holding(facts: ContactConsent): ConsentChange[] {
  return CONSENT_FACTS.flatMap((fact) => {
    const { holds, change } = facts[fact]
    return holds && change !== null ? [change] : []
  })
}

/**
 * The one state that sums the facts up (`consent.state`, as the API answered before a contact
 * kept more than one): the strongest that holds, else `subscribed`.
 */
export function summaryOf(facts: ContactConsent): ConsentState {
  return CONSENT_FACTS.find((fact) => facts[fact].holds) ?? 'subscribed'
}

/** What consent weighs of a send: the channels it may reach and its template's category. */
export interface ConsentFacts {
  /** Its only channel is WhatsApp (the service window, and a marketing opt-out, apply). */
  readonly whatsAppOnly: boolean
  /** Every channel it names is Viber: it can reach the user nowhere a Viber block does not hold. */
  readonly viberOnly: boolean
  /**
   * Its template's category as the registry holds it (`MARKETING`, `UTILITY`,
   * `AUTHENTICATION`), null for a message that is not a template, a template the registry does
   * not hold, or a key whose template check is `off` (the registry is not read).
   */
  readonly category: string | null
}

/** Whether one fact refuses a send. */
function factRefuses(fact: ConsentFact, send: ConsentFacts): boolean {
  switch (fact) {
    case 'opted_out':
      return true
    case 'blocked':
      return send.viberOnly
    case 'marketing_opted_out':
      return send.whatsAppOnly && send.category?.toUpperCase() === 'MARKETING'
  }
}

/**
 * The fact that refuses a send, strongest first, as the change that set it (null: the send goes).
 * Every fact that holds is weighed: a STOP (or an operator's suppression) refuses every send; a
 * Viber block (2007) only a send that can reach no other channel; a marketing opt-out (1051,
 * Meta's 131050) only a MARKETING template over WhatsApp alone. The one rule of the send check
 * and the delivery queue (docs/conversations.md, Consent).
 *
 * @example
 * refusedBy(facts, { whatsAppOnly: false, viberOnly: true, category: null })?.state // 'blocked'
 */
export function refusedBy(facts: ContactConsent, send: ConsentFacts): ConsentChange | null {
  return holding(facts).find((change) => factRefuses(change.state as ConsentFact, send)) ?? null
}

/** A send, as the check weighs it. */
export interface SendCheck extends ConsentFacts {
  readonly policy: ServiceWindowPolicy
  /** A template message: the window does not apply. */
  readonly template: boolean
  /** Take a pacing token now (a synchronous send); false: the delivery queue paces it later. */
  readonly take: boolean
}

/** The window as a send sees it. */
export interface WindowView {
  readonly open: boolean
  /** Until when the last inbound message keeps it open (null: never opened). */
  readonly openUntil: number | null
  /** When it closed (its end, or a 1022 receipt), null while open or never opened. */
  readonly closedAt: number | null
}

/** The check's verdict: what the HTTP layer answers. */
export type Verdict =
  | { readonly ok: true; readonly window: WindowView; readonly windowApplies: boolean }
  | { readonly ok: false; readonly kind: 'opted_out'; readonly consent: ConsentChange }
  | { readonly ok: false; readonly kind: 'outside_window'; readonly window: WindowView }
  | { readonly ok: false; readonly kind: 'paced'; readonly retryAfterMs: number }

/** The recipient's bucket and last send before a token was taken: what undoing it restores. */
export interface PaceBefore {
  readonly tokens: number | null
  readonly refilledAt: number
  readonly lastOutbound: number | null
}

/**
 * A pacing token for the delivery queue: granted now, wait, or never (the recipient opted out or
 * blocked the business after the message was accepted: it must not leave).
 */
export type PaceGrant =
  | {
      readonly ok: true
      readonly before: PaceBefore
      /** The token's number, which giving it back names (`unpace`). */
      readonly grant: number
    }
  | { readonly ok: false; readonly kind: 'paced'; readonly retryAfterMs: number }
  | { readonly ok: false; readonly kind: 'opted_out'; readonly consent: ConsentChange }

/** An event 8x8 reported about this contact. */
export type ContactEvent =
  | {
      readonly kind: 'inbound'
      readonly umid: string
      readonly text: string | null
      /**
       * When the user sent it (8x8's timestamp, ms, never later than its arrival): stop and start
       * keywords count in the order the user sent them, whatever order 8x8's retries bring them in.
       */
      readonly sentAt: number
      /**
       * Whether it opens WhatsApp's service window: a WhatsApp message (or one that names no
       * channel). A Viber, RCS or SMS message of the same number counts for consent, not for it.
       */
      readonly opensWindow: boolean
    }
  | {
      readonly kind: 'receipt'
      readonly umid: string
      /** What the error tells of the recipient (@chatapps/dsl's `explainError(code).effect`). */
      readonly effect: ErrorEffect
      /** 8x8's code, kept as the reason of a consent change. */
      readonly errorCode: string
      /**
       * 8x8's time of the failure (ms, never later than its arrival): a failure older than the
       * user's last message is stale, and its consent change counts in the order of
       * {@link consentAfter}.
       */
      readonly failedAt: number
    }

/**
 * A contact's consent as its calls answer it: the one summary state ({@link summaryOf}) with the
 * change that set it (its strongest fact's; when none holds, the newest change), and every fact
 * that holds, strongest first.
 */
export interface ConsentNow extends ConsentChange {
  readonly facts: readonly ConsentChange[]
}

/** What an event changed: the consent, when it changed (for the suppression index). */
export interface EventResult {
  readonly duplicate: boolean
  /**
   * The consent when the event changed it; for an event seen before (8x8's retry), the consent
   * as it is, so that the retry also finishes what the first try did not (the suppression index).
   */
  readonly consent: ConsentNow | null
  /** The name the contact's state lives under when the event was told to another (an alias). */
  readonly recipient?: string
}

/** A contact's state as an alias hands it to the contact it becomes part of. */
export interface ContactSnapshot {
  /** The alias's own name (its BSUID). */
  readonly alias: string
  readonly windowUntil: number | null
  readonly windowClosedAt: number | null
  readonly heldUntil: number
  readonly lastInbound: number | null
  readonly lastOutbound: number | null
  /** Its consent changes, oldest first; weighed in time order, they make its facts. */
  readonly history: readonly ConsentChange[]
  /** The events it has seen (newest first, bounded), so that 8x8's retries stay no-ops. */
  readonly seen: readonly string[]
}

/** What linking an alias did. */
export interface LinkResult {
  /** False: the alias already pointed there (nothing moved). */
  readonly linked: boolean
  /** The consent of the contact the alias joined, when its facts changed by it. */
  readonly consent: ConsentNow | null
}

/** The contact as `GET /v1/contacts/{recipient}` shows it (times in ms). */
export interface ContactState {
  readonly window: WindowView
  readonly consent: {
    readonly state: ConsentState
    /** The facts that hold, strongest first. */
    readonly facts: readonly ConsentChange[]
    readonly history: readonly ConsentChange[]
  }
  readonly pacing: {
    readonly ratePerSecond: number
    readonly burst: number
    readonly tokens: number
    readonly heldUntil: number | null
  }
  readonly lastInboundAt: number | null
  readonly lastOutboundAt: number | null
  /** The name the state lives under, when the name asked for is an alias of it (null: itself). */
  readonly sameAs: string | null
  /** The other names of this contact (BSUIDs linked to its number). */
  readonly aliases: readonly string[]
}

/**
 * A message text as a keyword, as phones send one: compatibility-normalized (NFKC: full-width
 * `ＳＴＯＰ` is `STOP`, a combining accent joins its letter), every space and invisible format
 * character (zero-width space, word joiner) removed, the punctuation around it dropped
 * (autocorrect's `Stop.`, `¡stop!`, quotes), in upper case. Punctuation inside it stays:
 * `S.T.O.P` is no keyword. A stop must never be missed, and a sentence is never one.
 *
 * @example
 * keywordOf(' s t o p ') // 'STOP'
 * keywordOf('Stop.') // 'STOP'
 */
export function keywordOf(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\p{Cf}]+/gu, '')
    .replace(/^\p{P}+|\p{P}+$/gu, '')
    .toUpperCase()
}

/**
 * The name of the contact object of one recipient of one sub-account: two sub-accounts never
 * share one.
 *
 * @example
 * namespace.idFromName(contactName('acme', '+15551234567'))
 */
export function contactName(subAccount: string, recipient: string): string {
  return JSON.stringify([subAccount, recipient])
}
