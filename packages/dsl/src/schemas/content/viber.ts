/**
 * Viber's rich message: text, an optional image and one call-to-action button, sent as
 * `type: "buttons"`. 8x8's OpenAPI enum of types leaves it out, but 8x8's Viber guide documents
 * it ("Text + Button", "Text + Image + Button"), and so do three of the OpenAPI's own examples.
 *
 * @module
 */
import * as v from 'valibot'
import { LIMITS } from '../../limits'
import type { Named } from '../named'
import { httpUrl, text } from '../primitives'
import { channelExtras } from './basic'

const ViberButtonSchema_ = v.strictObject({
  caption: text(LIMITS.viberButtonCaption),
  action: v.pipe(
    httpUrl,
    v.maxLength(
      LIMITS.viberButtonAction.max,
      `Invalid length: expected a URL of at most ${LIMITS.viberButtonAction.max} characters`,
    ),
  ),
})
/** A Viber call-to-action button: its label (`caption`) and the URL it opens (`action`). */
export interface ViberButtonSchema extends Named<typeof ViberButtonSchema_> {}
/** A Viber call-to-action button: its label (`caption`) and the URL it opens (`action`). */
export const ViberButtonSchema: ViberButtonSchema = ViberButtonSchema_

const ViberButtonsContentSchema_ = v.strictObject({
  text: text(LIMITS.viberText),
  url: v.exactOptional(httpUrl),
  button: ViberButtonSchema,
  ...channelExtras,
})
/** `type: 'buttons'` (Viber): a text of at most 1,000 characters, an image URL and a button. */
export interface ViberButtonsContentSchema extends Named<typeof ViberButtonsContentSchema_> {}
/** `type: 'buttons'` (Viber): a text of at most 1,000 characters, an image URL and a button. */
export const ViberButtonsContentSchema: ViberButtonsContentSchema = ViberButtonsContentSchema_
