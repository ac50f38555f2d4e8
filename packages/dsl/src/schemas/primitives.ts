/**
 * The small schemas every message schema is made of: well-formed strings with limits counted in
 * code points, absolute http(s) URLs, ISO-8601 timestamps, finite numbers, JSON values, and
 * case-insensitive literals for the enums 8x8 spells in several ways.
 *
 * @module
 */
import * as v from 'valibot'
import { countedUnion } from '../internal/budget'
import type { Limit } from '../limits'
import type { Named } from './named'

/** Lone surrogates cannot be encoded as UTF-8: 8x8 would receive U+FFFD instead. */
export const wellFormed = v.check<string, string>(
  (input) => input.isWellFormed(),
  'Invalid text: contains a lone surrogate (not well-formed Unicode)',
)

const tooShort = (min: number) => (issue: v.MinCodePointsIssue<string, number>) =>
  min === 1
    ? 'Invalid length: must not be empty'
    : `Invalid length: expected at least ${min} characters but received ${issue.received}`

const tooLong = (max: number) => (issue: v.MaxCodePointsIssue<string, number>) =>
  `Invalid length: expected at most ${max} characters but received ${issue.received}`

/**
 * A well-formed string of 1 to `limit.max` code points (or `limit.min` when it says otherwise).
 *
 * @param limit The entry of LIMITS that bounds it.
 * @param min The least length; 1 unless the string may be empty.
 */
export function text(
  limit: Pick<Limit, 'max'> & { readonly min?: number },
  min = limit.min ?? 1,
): TextSchema {
  return boundedText(min, limit.max)
}

const boundedText = (min: number, max: number) =>
  v.pipe(
    v.string(),
    wellFormed,
    v.minCodePoints(min, tooShort(min)),
    v.maxCodePoints(max, tooLong(max)),
  )

/** The type of {@link text}'s schemas. */
export interface TextSchema extends Named<ReturnType<typeof boundedText>> {}

/** A well-formed, non-empty string with no length limit of its own. */
const nonEmpty_ = v.pipe(
  v.string(),
  wellFormed,
  v.minLength(1, 'Invalid length: must not be empty'),
)
/** The type of {@link nonEmpty}. */
export interface NonEmptySchema extends Named<typeof nonEmpty_> {}
export const nonEmpty: NonEmptySchema = nonEmpty_

/** Whether a string is an absolute `http:` or `https:` URL. */
export function isHttpUrl(input: string): boolean {
  if (!URL.canParse(input)) return false
  const { protocol } = new URL(input)
  return protocol === 'https:' || protocol === 'http:'
}

/** An absolute `http:` or `https:` URL. */
const httpUrl_ = v.pipe(
  v.string(),
  wellFormed,
  v.check(isHttpUrl, 'Invalid URL: expected an absolute http or https URL'),
)
/** The type of {@link httpUrl}. */
export interface HttpUrlSchema extends Named<typeof httpUrl_> {}
export const httpUrl: HttpUrlSchema = httpUrl_

/** An ISO-8601 date and time with seconds and a zone, as 8x8's `date-time` fields expect. */
const dateTime_ = v.pipe(
  v.string(),
  v.isoTimestamp('Invalid date: expected an ISO-8601 timestamp such as 2026-01-31T09:00:00Z'),
)
/** The type of {@link dateTime}. */
export interface DateTimeSchema extends Named<typeof dateTime_> {}
export const dateTime: DateTimeSchema = dateTime_

/** A finite number (JSON cannot carry NaN or Infinity). */
const finiteNumber_ = v.pipe(v.number(), v.finite('Invalid number: must be finite'))
/** The type of {@link finiteNumber}. */
export interface FiniteNumberSchema extends Named<typeof finiteNumber_> {}
export const finiteNumber: FiniteNumberSchema = finiteNumber_

/** An integer in `[min, max]`. */
export function integerIn(limit: { readonly min: number; readonly max: number }): IntegerSchema {
  return integerSchema(limit)
}

const integerSchema = (limit: { readonly min: number; readonly max: number }) =>
  v.pipe(
    v.number(),
    v.integer('Invalid number: expected an integer'),
    v.minValue(limit.min, `Invalid number: expected at least ${limit.min}`),
    v.maxValue(limit.max, `Invalid number: expected at most ${limit.max}`),
  )

/** The type of {@link integerIn}'s schemas. */
export interface IntegerSchema extends Named<ReturnType<typeof integerSchema>> {}

/**
 * A coordinate in decimal degrees. 8x8's own samples send strings such as `"1.2857"`: they are
 * accepted and turned into numbers.
 */
export function coordinate(limit: {
  readonly min: number
  readonly max: number
}): CoordinateSchema {
  return coordinateSchema(limit)
}

const coordinateSchema = (limit: { readonly min: number; readonly max: number }) =>
  v.pipe(
    countedUnion(
      v.union(
        [v.number(), v.pipe(v.string(), v.decimal(), v.transform(Number))],
        'Invalid type: expected a number of decimal degrees',
      ),
    ),
    v.finite('Invalid number: must be finite'),
    // Guarded so that Infinity is reported once, as not finite, and not also as out of range.
    v.check(
      (degrees) => !Number.isFinite(degrees) || (degrees >= limit.min && degrees <= limit.max),
      `Invalid number: expected degrees from ${limit.min} to ${limit.max}`,
    ),
    // -0 would leave as "0" in JSON: the canonical form is 0, so a message survives a round trip.
    v.transform((degrees) => degrees + 0),
  )

/** The type of {@link coordinate}'s schemas. */
export interface CoordinateSchema extends Named<ReturnType<typeof coordinateSchema>> {}

/** Any JSON value: finite numbers and well-formed strings only. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue }

/** A JSON value, as 8x8 forwards it untouched (flow data, for example). */
export const jsonValue: v.GenericSchema<JsonValue> = v.lazy((input) => jsonSchemaFor(input))

const jsonString = v.pipe(v.string(), wellFormed)
const jsonBoolean = v.boolean()
const jsonNull = v.null()
const jsonArray: v.GenericSchema<JsonValue[]> = v.array(jsonValue)
const jsonRecord: v.GenericSchema<{ [key: string]: JsonValue }> = v.record(jsonString, jsonValue)
const jsonAny: v.GenericSchema<JsonValue> = countedUnion(
  v.union([jsonString, finiteNumber, jsonBoolean, jsonNull, jsonArray, jsonRecord]),
)

/**
 * The schema for a value, chosen by its type: trying each of a union's options on every value
 * of 256 KiB of flow data took seconds, and a fault deep inside is reported where it is. What is
 * no JSON at all gets the union's "expected string | number | …".
 */
function jsonSchemaFor(input: unknown): v.GenericSchema<JsonValue> {
  switch (typeof input) {
    case 'string':
      return jsonString
    case 'number':
      return finiteNumber
    case 'boolean':
      return jsonBoolean
    case 'object':
      if (input === null) return jsonNull
      return Array.isArray(input) ? jsonArray : jsonRecord
    default:
      return jsonAny
  }
}

/** A JSON object (not an array or null). */
const jsonObject_ = v.record(v.pipe(v.string(), wellFormed), jsonValue)
/** The type of {@link jsonObject}. */
export interface JsonObjectSchema extends Named<typeof jsonObject_> {}
export const jsonObject: JsonObjectSchema = jsonObject_

/**
 * A string literal matched in any letter case and returned in its canonical spelling. 8x8's own
 * samples send `"Image"`, `"File"` and `"Interactive"` where its schema says lower case.
 *
 * @param canonical The spelling to emit.
 */
export function anyCase<const T extends string>(canonical: T): AnyCaseSchema<T> {
  const lower = canonical.toLowerCase()
  const schema = v.pipe(
    v.string(),
    v.transform((input: string) => (input.toLowerCase() === lower ? canonical : input)),
    v.literal(canonical),
  )
  // `variant` reports the discriminators it expected from `expects`.
  return Object.assign(schema, { expects: `"${canonical}"` })
}

/**
 * One of several strings, matched in any letter case and returned in its canonical spelling.
 *
 * @param options The canonical spellings.
 */
export function anyCaseOf<const T extends readonly [string, ...string[]]>(
  options: T,
): AnyCaseOfSchema<T> {
  const byLower = new Map(options.map((option) => [option.toLowerCase(), option]))
  return v.pipe(
    v.string(),
    v.transform((input: string) => byLower.get(input.toLowerCase()) ?? input),
    v.picklist(options),
  )
}

/** The type of {@link anyCase}'s schemas. */
export interface AnyCaseSchema<T extends string>
  extends v.SchemaWithPipe<
    readonly [
      v.StringSchema<undefined>,
      v.TransformAction<string, string>,
      v.LiteralSchema<T, undefined>,
    ]
  > {}

/** The type of {@link anyCaseOf}'s schemas. */
export interface AnyCaseOfSchema<T extends readonly [string, ...string[]]>
  extends v.SchemaWithPipe<
    readonly [
      v.StringSchema<undefined>,
      v.TransformAction<string, string>,
      v.PicklistSchema<T, undefined>,
    ]
  > {}
