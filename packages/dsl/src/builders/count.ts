/**
 * Counting in types, for the fixed counts a chain checks while it is written (suggestion chips,
 * carousel cards): the count after one more call, and whether there is room for it.
 *
 * @module
 */

/** A tuple of `TLength` elements, to count with. */
type Tuple<TLength extends number, TItems extends unknown[] = []> = TItems['length'] extends TLength
  ? TItems
  : Tuple<TLength, [...TItems, unknown]>

/** The counts below `TLength`: `0 | 1 | …`. */
export type Below<
  TLength extends number,
  TItems extends unknown[] = [],
> = TItems['length'] extends TLength
  ? never
  : TItems['length'] | Below<TLength, [...TItems, unknown]>

/** The count after one more, up to `TMax`; past it, or once the count is not known, `number`. */
export type Next<TCount extends number, TMax extends number> = number extends TCount
  ? number
  : TCount extends Below<TMax>
    ? [...Tuple<TCount>, unknown]['length']
    : number

/** Whether one more fits: fewer than `TMax` so far (always, once the count is not known). */
export type HasRoom<TCount extends number, TMax extends number> = number extends TCount
  ? true
  : TCount extends Below<TMax>
    ? true
    : false

/** Whether there are at least `TMin` (always, once the count is not known). */
export type HasAtLeast<TCount extends number, TMin extends number> = number extends TCount
  ? true
  : TCount extends Below<TMin>
    ? false
    : true
