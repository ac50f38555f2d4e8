/**
 * WhatsApp's rules, as the real network applies them to a business's messages, each off unless a
 * run switches it on (`POST /__sandbox/rules`, or the `WHATSAPP_RULES` variable):
 *
 * - `window`: a message that is not a template fails outside the 24-hour customer service window
 *   (since that user's last inbound message): 8x8 delivery error 1022 (Meta 131047).
 * - `pairRate`: Meta's pair rate, 1 message every 6 s to the same user with bursts of up to 45
 *   (a token bucket: 45 tokens, one back every 6 s): over it, 1028 (Meta 131056).
 * - `optOut`: a marketing template to a user who wrote STOP (and not START since) fails: 1051
 *   (Meta 131050). Templates are marketing when their name is in `marketingTemplates`, or all of
 *   them when that list is absent.
 *
 * Sources: docs/8x8-facts.md#whatsapps-rules.
 *
 * @module
 */
import * as v from 'valibot'
import type { ReceiptStep } from '../receipts/receipt'

/** The 24-hour customer service window. */
export const WINDOW_MS = 24 * 60 * 60 * 1000
/** Meta's pair rate: one message per 6 s to one user ... */
export const PAIR_INTERVAL_MS = 6000
/** ... with bursts of up to 45 messages. */
export const PAIR_BURST = 45

/** What `POST /__sandbox/rules` accepts; a missing switch is off. */
export const RulesSchema = v.strictObject({
  window: v.optional(v.boolean()),
  pairRate: v.optional(v.boolean()),
  optOut: v.optional(v.boolean()),
  marketingTemplates: v.optional(v.array(v.pipe(v.string(), v.minLength(1)))),
})

/** The rules in force. */
export interface Rules {
  readonly window: boolean
  readonly pairRate: boolean
  readonly optOut: boolean
  /** Names of marketing templates; absent: every template counts as marketing. */
  readonly marketingTemplates?: readonly string[]
}

/** No rule on: the sandbox delivers everything, as it always did. */
export const NO_RULES: Rules = { window: false, pairRate: false, optOut: false }

const NAMES = { window: 'window', pair_rate: 'pairRate', opt_out: 'optOut' } as const

/**
 * The rules `WHATSAPP_RULES` switches on: a comma-separated list of `window`, `pair_rate`,
 * `opt_out` (or `all`); empty or unset: none. Throws for an unknown name.
 */
export function rulesFromVar(value: string | undefined): Rules {
  const names = (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
  const rules = { ...NO_RULES }
  for (const name of names) {
    if (name === 'all') return { window: true, pairRate: true, optOut: true }
    if (!(name in NAMES)) {
      throw new Error(
        `sandbox: invalid configuration (WHATSAPP_RULES: unknown rule "${name}"; use window, pair_rate, opt_out or all)`,
      )
    }
    rules[NAMES[name as keyof typeof NAMES]] = true
  }
  return rules
}

/** Rules from a valid `POST /__sandbox/rules` body. */
export function rulesFromBody(body: v.InferOutput<typeof RulesSchema>): Rules {
  return {
    window: body.window ?? false,
    pairRate: body.pairRate ?? false,
    optOut: body.optOut ?? false,
    ...(body.marketingTemplates !== undefined && { marketingTemplates: body.marketingTemplates }),
  }
}

/** The failed receipt of each rule, in 8x8's words where 8x8 has them, else Meta's titles. */
export const RULE_FAILURES = {
  window: {
    state: 'undelivered',
    errorCode: 1022,
    errorMessage:
      'Re-engagement message: more than 24 hours have passed since the user last replied',
    providerErrorCode: '131047',
  },
  pairRate: {
    state: 'undelivered',
    errorCode: 1028,
    errorMessage: '(Business Account, Consumer Account) pair rate limit hit',
    providerErrorCode: '131056',
  },
  optOut: {
    state: 'undelivered',
    errorCode: 1051,
    errorMessage: 'Unable to deliver the marketing message: the user opted out of marketing',
    providerErrorCode: '131050',
  },
} as const satisfies Record<string, ReceiptStep>

/** A user's pair-rate bucket: tokens left at a time (epoch ms). */
export interface PairBucket {
  readonly tokens: number
  readonly at: number
}

/** The bucket at `now`, refilled since `bucket.at`; a new user starts full. */
export function refill(bucket: PairBucket | null, now: number): PairBucket {
  if (bucket === null) return { tokens: PAIR_BURST, at: now }
  const tokens = Math.min(PAIR_BURST, bucket.tokens + (now - bucket.at) / PAIR_INTERVAL_MS)
  return { tokens, at: now }
}

/** What the rules need to know about one outgoing message and its user. */
export interface RuleInput {
  readonly whatsapp: boolean
  readonly templateName: string | null
  /** When the user last wrote (epoch ms), or `null`. */
  readonly lastInboundAt: number | null
  readonly optedOut: boolean
  readonly now: number
}

/** Which rule (window or opt-out) fails the message, or `null`; the pair rate is decided apart. */
export function ruleFailure(rules: Rules, input: RuleInput): 'window' | 'optOut' | null {
  if (!input.whatsapp) return null
  const template = input.templateName !== null
  if (rules.window && !template) {
    if (input.lastInboundAt === null || input.now - input.lastInboundAt > WINDOW_MS) return 'window'
  }
  if (rules.optOut && template && input.optedOut) {
    const marketing =
      rules.marketingTemplates === undefined ||
      rules.marketingTemplates.includes(input.templateName ?? '')
    if (marketing) return 'optOut'
  }
  return null
}
