/**
 * The channel extras of media messages that LINE and Viber read (a thumbnail, a duration): 8x8's
 * LINE send examples carry them. A message with extras is checked by the schemas, not by the
 * build fast path, which knows only the URL and the caption.
 *
 * @module
 */
import type { CaptionOptions } from './simple'

/** An image's caption and, for LINE, its preview image. */
export interface ImageOptions extends CaptionOptions {
  /** LINE: an absolute https URL of the preview image (`content.image.thumbnail`). */
  readonly thumbnail?: string
}

/** An audio file's length, which LINE requires. */
export interface AudioOptions {
  /** LINE: the length in seconds (`content.audio.duration`). */
  readonly duration?: number
}

/** @internal The extras object of `options` (`undefined` when it has none), in 8x8's key order. */
export function mediaExtras(
  options: object | undefined,
  keys: readonly string[],
): Record<string, unknown> | undefined {
  if (options === undefined || options === null) return undefined
  const extras: Record<string, unknown> = {}
  let found = false
  for (const key of keys) {
    const value = (options as Record<string, unknown>)[key]
    if (value !== undefined) {
      extras[key] = value
      found = true
    }
  }
  return found ? extras : undefined
}
