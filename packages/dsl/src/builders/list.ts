import type { NoArguments, ResultIf, ThisIf } from '../internal/type-error'
import type { ListMessage } from '../types'
import type { EnvelopeOptions, Finishing } from './base'
import { asArray, InteractiveImpl, type NoMediaHeaders, type TextParts } from './interactive'
import type { ListHeaderTextOnly, RowRequired } from './rules'

/** A row of a list, for {@link ListBuilder.rows}. */
export interface ListRow {
  readonly id: string
  readonly title: string
  readonly description?: string
}

/**
 * An interactive list: a button that opens a sheet of up to 10 sections with up to 10 rows in
 * total. `build()` compiles only once a row was added, and the header is text only; `tsc` quotes
 * the rule (`'DslTypeError<"A list needs at least one row: call .row(id, title) before
 * .build()">'`).
 *
 * @typeParam THasRow Whether a row was added yet.
 */
export interface ListBuilder<THasRow extends boolean = false>
  extends EnvelopeOptions<ListBuilder<THasRow>>,
    TextParts<ListBuilder<THasRow>>,
    NoMediaHeaders<ListBuilder<THasRow>, ListHeaderTextOnly>,
    Omit<Finishing<ListMessage>, 'build'> {
  /**
   * Starts a new section; the rows that follow go into it.
   *
   * @param title At most 24 characters; required when the list has more than one section.
   */
  section(title?: string): ListBuilder<THasRow>
  /**
   * Adds a row to the current section (starting an untitled one if there is none).
   *
   * @param id What 8x8 sends back when the user picks the row; at most 200 characters, unique.
   * @param title At most 24 characters.
   * @param description At most 72 characters.
   */
  row(id: string, title: string, description?: string): ListBuilder<true>
  /**
   * Adds several rows to the current section: for rows made in a loop or read from data.
   *
   * @param rows The rows; checked when building.
   */
  rows(rows: readonly ListRow[]): ListBuilder<true>
  /**
   * Validates the list and returns its frozen wire object. Before the first row, `this` is typed
   * `DslTypeError<RowRequired>`, so the call does not compile and `tsc` quotes the rule.
   *
   * @throws {DslValidationError} With every issue and its path.
   */
  build(
    this: ThisIf<THasRow, RowRequired>,
    ...none: NoArguments<THasRow>
  ): ResultIf<THasRow, ListMessage, RowRequired>
}

/** @internal */
export class ListImpl extends InteractiveImpl {
  section(title?: string): this {
    return this.next({ op: 'section', title })
  }
  row(id: string, title: string, description?: string): this {
    return this.next({ op: 'entries', entries: [{ id, title, description }] })
  }
  rows(rows: readonly ListRow[]): this {
    return this.next({ op: 'entries', entries: asArray(rows).map(copyRow) })
  }
}

const copyRow = (row: unknown) => {
  if (typeof row !== 'object' || row === null) return row
  const { id, title, description } = row as ListRow
  return { id, title, description }
}
