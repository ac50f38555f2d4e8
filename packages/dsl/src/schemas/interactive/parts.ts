/**
 * The parts interactive messages share: headers, body and footer, and the helpers that check
 * rules spanning several items (totals, unique ids) and point at the offending item.
 *
 * @module
 */
import * as v from 'valibot'
import { LIMITS } from '../../limits'
import type { Named } from '../named'
import { httpUrl, nonEmpty, text } from '../primitives'

const TextHeaderSchema_ = v.strictObject({
  type: v.literal('text'),
  text: text(LIMITS.interactiveHeaderText),
})
/** `header: { type: 'text', text }`. */
export interface TextHeaderSchema extends Named<typeof TextHeaderSchema_> {}
/** `header: { type: 'text', text }`. */
export const TextHeaderSchema: TextHeaderSchema = TextHeaderSchema_

const mediaEntries = {
  id: v.exactOptional(nonEmpty),
  link: v.exactOptional(httpUrl),
  caption: v.exactOptional(text(LIMITS.caption)),
  provider: v.exactOptional(nonEmpty),
}

function hasIdOrLink<TMedia extends { id?: string; link?: string }>() {
  return v.rawCheck<TMedia>(({ dataset, addIssue }) => {
    if (dataset.typed && (dataset.value.id === undefined) === (dataset.value.link === undefined)) {
      addIssue({ message: 'Invalid media: give either a link or an uploaded media id' })
    }
  })
}

const MediaSchema = v.pipe(v.strictObject(mediaEntries), hasIdOrLink())
const DocumentSchema = v.pipe(
  v.strictObject({ ...mediaEntries, filename: v.exactOptional(nonEmpty) }),
  hasIdOrLink(),
)

const ImageHeaderSchema_ = v.strictObject({ type: v.literal('image'), image: MediaSchema })
/** A header with media: `{ type: 'image', image: { link } }` and so on (Meta's naming). */
export interface ImageHeaderSchema extends Named<typeof ImageHeaderSchema_> {}
/** A header with media: `{ type: 'image', image: { link } }` and so on (Meta's naming). */
export const ImageHeaderSchema: ImageHeaderSchema = ImageHeaderSchema_
const VideoHeaderSchema_ = v.strictObject({ type: v.literal('video'), video: MediaSchema })
export interface VideoHeaderSchema extends Named<typeof VideoHeaderSchema_> {}
export const VideoHeaderSchema: VideoHeaderSchema = VideoHeaderSchema_
const DocumentHeaderSchema_ = v.strictObject({
  type: v.literal('document'),
  document: DocumentSchema,
})
export interface DocumentHeaderSchema extends Named<typeof DocumentHeaderSchema_> {}
export const DocumentHeaderSchema: DocumentHeaderSchema = DocumentHeaderSchema_

const HeaderSchema_ = v.variant('type', [
  TextHeaderSchema,
  ImageHeaderSchema,
  VideoHeaderSchema,
  DocumentHeaderSchema,
])
/** Any header: text, image, video or document. */
export interface HeaderSchema extends Named<typeof HeaderSchema_> {}
/** Any header: text, image, video or document. */
export const HeaderSchema: HeaderSchema = HeaderSchema_

const BodySchema_ = v.strictObject({ text: text(LIMITS.interactiveBody) })
/** `body: { text }`, at most 1,024 characters. */
export interface BodySchema extends Named<typeof BodySchema_> {}
/** `body: { text }`, at most 1,024 characters. */
export const BodySchema: BodySchema = BodySchema_

const FooterSchema_ = v.strictObject({ text: text(LIMITS.interactiveFooter) })
/** `footer: { text }`, at most 60 characters. */
export interface FooterSchema extends Named<typeof FooterSchema_> {}
/** `footer: { text }`, at most 60 characters. */
export const FooterSchema: FooterSchema = FooterSchema_

/** A path segment for an issue raised by a check on a whole object or array. */
export type PathItem = v.IssuePathItem

/** @internal Builds the path items from an object down to one of its values. */
export function pathTo(
  root: unknown,
  keys: readonly (string | number)[],
): [PathItem, ...PathItem[]] {
  const items: PathItem[] = []
  let input = root as Record<string | number, unknown>
  for (const key of keys) {
    const value = input[key]
    items.push(
      typeof key === 'number'
        ? { type: 'array', origin: 'value', input: input as unknown as unknown[], key, value }
        : { type: 'object', origin: 'value', input, key, value },
    )
    input = value as Record<string | number, unknown>
  }
  return items as [PathItem, ...PathItem[]]
}

/** @internal The `addIssue` of a raw check. */
type AddIssue = (info: { message: string; input: unknown; path: [PathItem, ...PathItem[]] }) => void

/**
 * @internal Reports an issue on the value at `keys` below `root`, with its path, and the value
 * itself as what was received.
 */
export function reportAt(
  addIssue: AddIssue,
  root: unknown,
  keys: readonly (string | number)[],
  message: string,
): void {
  const path = pathTo(root, keys)
  addIssue({ message, input: path[path.length - 1]?.value, path })
}

/**
 * @internal Reports every value after the first that repeats one before it.
 *
 * @param values The values, with the path of each.
 */
export function findDuplicates<T>(
  values: readonly { value: T; path: readonly (string | number)[] }[],
) {
  const seen = new Set<T>()
  const duplicates: (readonly (string | number)[])[] = []
  for (const { value, path } of values) {
    if (seen.has(value)) duplicates.push(path)
    else seen.add(value)
  }
  return duplicates
}
