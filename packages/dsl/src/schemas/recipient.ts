import * as v from 'valibot'
import { LIMITS } from '../limits'
import type { Named } from './named'
import { wellFormed } from './primitives'

/** E.164: a plus sign, then 2 to 15 digits, the first not zero. */
export const E164 = /^\+[1-9]\d{1,14}$/
/** A national number, given with its country: digits only, 4 to 17 of them. */
export const NATIONAL = /^\+?\d{4,17}$/
/** A two-letter country code. */
export const COUNTRY = /^[A-Za-z]{2}$/
/** A WhatsApp business-scoped user id: `US.13491208655302741918`. */
export const BSUID = /^[A-Z]{2}\.[A-Za-z0-9]{1,128}$/
/**
 * A LINE user id: `U` and 32 lower-case letters or digits. LINE issues `U` and 32 hex digits, but
 * 8x8 documents `Ua12b345678c1de0fg1a1234567891011` (with a `g`) in all five of its LINE send
 * examples; refusing 8x8's own documented id would refuse what 8x8 accepts.
 */
export const LINE_USER_ID = /^U[0-9a-z]{32}$/

const UserSchema_ = v.pipe(
  v.strictObject({
    msisdn: v.exactOptional(v.pipe(v.string(), wellFormed)),
    country: v.exactOptional(
      v.pipe(
        v.string(),
        v.regex(COUNTRY, 'Invalid country: expected a two-letter ISO 3166 code such as SG'),
        v.maxLength(LIMITS.country.max),
      ),
    ),
    channelUserId: v.exactOptional(
      v.pipe(
        v.string(),
        v.regex(
          BSUID,
          'Invalid channelUserId: expected a business-scoped user id such as US.1349120865',
        ),
      ),
    ),
    lineUserId: v.exactOptional(
      v.pipe(
        v.string(),
        v.regex(LINE_USER_ID, 'Invalid lineUserId: expected U and 32 letters or digits'),
      ),
    ),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return
    const user = dataset.value
    if (
      user.msisdn === undefined &&
      user.channelUserId === undefined &&
      user.lineUserId === undefined
    ) {
      addIssue({ message: 'Invalid recipient: give an msisdn, a channelUserId or a lineUserId' })
      return
    }
    if (user.msisdn === undefined) return
    const valid = user.country === undefined ? E164.test(user.msisdn) : NATIONAL.test(user.msisdn)
    if (!valid) {
      addIssue({
        input: user.msisdn,
        message:
          user.country === undefined
            ? 'Invalid msisdn: expected an E.164 number such as +15551234567 (or give its country)'
            : 'Invalid msisdn: expected the digits of a national number',
        path: [{ type: 'object', origin: 'value', input: user, key: 'msisdn', value: user.msisdn }],
      })
    }
  }),
)
/**
 * The recipient (`user`). At least one of `msisdn`, `channelUserId` and `lineUserId` is needed;
 * `msisdn` is E.164 unless `country` says which country a national number belongs to.
 */
export interface UserSchema extends Named<typeof UserSchema_> {}
/**
 * The recipient (`user`). At least one of `msisdn`, `channelUserId` and `lineUserId` is needed;
 * `msisdn` is E.164 unless `country` says which country a national number belongs to.
 */
export const UserSchema: UserSchema = UserSchema_
