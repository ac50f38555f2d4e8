import * as v from 'valibot'
import { LIMITS } from '../../limits'
import type { Named } from '../named'
import { text } from '../primitives'
import { BodySchema, FooterSchema, findDuplicates, HeaderSchema, reportAt } from './parts'

const ReplyButtonSchema = v.strictObject({
  type: v.literal('reply'),
  reply: v.strictObject({
    id: v.pipe(
      text(LIMITS.replyButtonId),
      v.check((id) => id.trim() === id, 'Invalid id: must not start or end with whitespace'),
    ),
    title: text(LIMITS.replyButtonTitle),
  }),
})

type ReplyButton = v.InferOutput<typeof ReplyButtonSchema>

/** Ids and titles must each be unique among the buttons. */
function uniqueButtons<TAction extends { buttons: ReplyButton[] }>() {
  return v.rawCheck<TAction>(({ dataset, config, addIssue }) => {
    if (!dataset.typed) return
    const action = dataset.value
    for (const field of ['id', 'title'] as const) {
      const values = action.buttons.map((button, b) => ({
        value: button.reply[field],
        path: ['buttons', b, 'reply', field],
      }))
      for (const path of findDuplicates(values)) {
        // An array far over the limit of 3 still reaches this check: stop at the bound.
        if (config.abortEarly) return
        reportAt(addIssue, action, path, `Invalid ${field}: reply button ${field}s must be unique`)
      }
    }
  })
}

const ButtonsSchema_ = v.strictObject({
  type: v.literal('button'),
  header: v.exactOptional(HeaderSchema),
  body: BodySchema,
  footer: v.exactOptional(FooterSchema),
  action: v.pipe(
    v.strictObject({
      buttons: v.pipe(
        v.array(ReplyButtonSchema),
        v.minLength(
          LIMITS.replyButtons.min,
          'Invalid length: at least one reply button is required',
        ),
        v.maxLength(
          LIMITS.replyButtons.max,
          `Invalid length: at most ${LIMITS.replyButtons.max} reply buttons`,
        ),
      ),
    }),
    uniqueButtons(),
  ),
})
/** Interactive reply buttons: one to three quick replies. */
export interface ButtonsSchema extends Named<typeof ButtonsSchema_> {}
/** Interactive reply buttons: one to three quick replies. */
export const ButtonsSchema: ButtonsSchema = ButtonsSchema_
