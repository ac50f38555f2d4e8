/**
 * The fault plan that `POST /__sandbox/faults` accepts, validated with valibot. Objects are
 * strict (an unknown key is an issue) so that a typo does not silently disable a fault.
 *
 * @module
 */
import * as v from 'valibot'

/** The fault kinds a `send.rate` can draw, and the keys of the `injected` counters. */
export const FAULT_KINDS = [
  '429',
  '500',
  '503',
  '500_accepted',
  'slow',
  'timeout',
  'timeout_accepted',
] as const

/** One kind of send fault. */
export type FaultKind = (typeof FAULT_KINDS)[number]

const Millis = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(600_000))
const Seconds = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(86_400))
const Rate = v.pipe(v.number(), v.minValue(0), v.maxValue(1))
const Seed = v.pipe(v.number(), v.integer())

// One flat object rather than a union, so that each wrong field gets its own issue and path.
const FaultEntrySchema = v.pipe(
  v.strictObject({
    status: v.optional(v.picklist([429, 500, 503])),
    retryAfter: v.optional(Seconds),
    accepted: v.optional(v.boolean()),
    delayMs: v.optional(Millis),
    timeout: v.optional(v.literal(true)),
  }),
  v.check(
    (entry) =>
      [entry.status, entry.delayMs, entry.timeout].filter((x) => x !== undefined).length === 1,
    'Exactly one of status, delayMs and timeout is required',
  ),
  v.forward(
    v.check(
      (entry) => entry.retryAfter === undefined || entry.status === 429,
      'retryAfter goes with status 429 only',
    ),
    ['retryAfter'],
  ),
  v.forward(
    v.check(
      (entry) => entry.accepted === undefined || entry.status === 500 || entry.timeout === true,
      'accepted goes with status 500 or timeout only',
    ),
    ['accepted'],
  ),
)

const OkSchema = v.literal('ok')

/**
 * One entry of `send.sequence`: `"ok"` (no fault) or one fault. Chosen by the input's type
 * (not a union) so that a wrong fault reports its own issues rather than "not ok, not a fault".
 */
export const SequenceEntrySchema = v.lazy((input) =>
  typeof input === 'string' ? OkSchema : FaultEntrySchema,
)

/** What `POST /__sandbox/faults` accepts. */
export const FaultPlanSchema = v.strictObject({
  send: v.optional(
    v.pipe(
      v.strictObject({
        sequence: v.optional(v.pipe(v.array(SequenceEntrySchema), v.maxLength(10_000))),
        rate: v.optional(Rate),
        kinds: v.optional(v.pipe(v.array(v.picklist(FAULT_KINDS)), v.minLength(1))),
        seed: v.optional(Seed),
        // What a drawn `slow` waits and a drawn `429` announces (the sequence says its own).
        delayMs: v.optional(Millis),
        retryAfter: v.optional(Seconds),
      }),
      v.forward(
        v.check(
          (send) => (send.rate ?? 0) === 0 || send.kinds !== undefined,
          'kinds is required when rate is above 0',
        ),
        ['kinds'],
      ),
    ),
  ),
  receipts: v.optional(
    v.strictObject({
      drop: v.optional(Rate),
      duplicate: v.optional(Rate),
      reorder: v.optional(Rate),
      seed: v.optional(Seed),
      // Late receipts: every message's receipts start this much later (a test that looks at a
      // message before its receipts sets it, rather than racing the receipt step).
      delayMs: v.optional(Millis),
      // Fallback between channels: every message fails on its first channel (undelivered) and
      // is delivered on its second, each step with receipts of its own channel.
      fallback: v.optional(v.boolean()),
    }),
  ),
})

/** A validated fault plan. */
export type FaultPlan = v.InferOutput<typeof FaultPlanSchema>

/** One validated sequence entry. */
export type SequenceEntry = v.InferOutput<typeof SequenceEntrySchema>

/** The receipts part of a plan. */
export type ReceiptFaults = NonNullable<FaultPlan['receipts']>
