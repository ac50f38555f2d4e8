import * as v from 'valibot'
import { LIMITS } from '../../limits'
import type { Named } from '../named'
import { text } from '../primitives'
import { BodySchema, FooterSchema, findDuplicates, reportAt, TextHeaderSchema } from './parts'

const RowSchema = v.strictObject({
  id: text(LIMITS.listRowId),
  title: text(LIMITS.listRowTitle),
  description: v.exactOptional(text(LIMITS.listRowDescription)),
})

const SectionSchema = v.strictObject({
  title: v.exactOptional(text(LIMITS.listSectionTitle)),
  rows: v.pipe(
    v.array(RowSchema),
    v.minLength(1, 'Invalid length: a section needs at least one row'),
  ),
})

type Section = v.InferOutput<typeof SectionSchema>

/**
 * The rules that span sections: at most 10 rows in total, a title on every section when there
 * are several, and row ids unique across the list.
 */
function listRules<TAction extends { sections: Section[] }>() {
  return v.rawCheck<TAction>(({ dataset, config, addIssue }) => {
    if (!dataset.typed) return
    const action = dataset.value
    const { sections } = action
    const rows = sections.flatMap((section, s) =>
      section.rows.map((row, r) => ({ value: row.id, path: ['sections', s, 'rows', r] as const })),
    )
    const overflow = rows[LIMITS.listRows.max]
    if (overflow) {
      reportAt(
        addIssue,
        action,
        overflow.path,
        `Invalid length: a list holds at most ${LIMITS.listRows.max} rows in total, across all sections`,
      )
    }
    if (sections.length > 1) {
      for (const [s, section] of sections.entries()) {
        if (config.abortEarly) return
        if (section.title === undefined) {
          reportAt(
            addIssue,
            action,
            ['sections', s, 'title'],
            'Invalid section: a title is required when a list has more than one section',
          )
        }
      }
    }
    for (const path of findDuplicates(
      rows.map(({ value, path }) => ({ value, path: [...path, 'id'] })),
    )) {
      // Thousands of repeated ids fit in a body: a bounded validation stops at its bound.
      if (config.abortEarly) return
      reportAt(addIssue, action, path, 'Invalid id: row ids must be unique within the list')
    }
  })
}

const ListSchema_ = v.strictObject({
  type: v.literal('list'),
  header: v.exactOptional(TextHeaderSchema),
  body: BodySchema,
  footer: v.exactOptional(FooterSchema),
  action: v.pipe(
    v.strictObject({
      button: text(LIMITS.listButton),
      sections: v.pipe(
        v.array(SectionSchema),
        v.minLength(LIMITS.listSections.min, 'Invalid length: a list needs at least one section'),
        v.maxLength(
          LIMITS.listSections.max,
          `Invalid length: a list holds at most ${LIMITS.listSections.max} sections`,
        ),
      ),
    }),
    listRules(),
  ),
})
/** An interactive list: a button that opens a sheet of sections and rows. */
export interface ListSchema extends Named<typeof ListSchema_> {}
/** An interactive list: a button that opens a sheet of sections and rows. */
export const ListSchema: ListSchema = ListSchema_
