/**
 * The content of the simple kinds: text, media and location, plus the fields any content may
 * carry for fallback channels (SMS text and settings, RCS suggestions).
 *
 * @module
 */
import * as v from 'valibot'
import { countedUnion } from '../../internal/budget'
import { LIMITS } from '../../limits'
import { fallbackEntries, WhatsAppOptionsSchema } from '../envelope'
import type { Named } from '../named'
import { coordinate, finiteNumber, httpUrl, nonEmpty, text } from '../primitives'
import { SuggestionsSchema } from './rcs'

/** Fields every kind of content may carry for the channels a message falls back to. */
export const channelExtras = {
  ...fallbackEntries,
  suggestions: v.exactOptional(SuggestionsSchema),
} as const

const TextContentSchema_ = v.strictObject({
  text: text(LIMITS.text),
  whatsApp: v.exactOptional(WhatsAppOptionsSchema),
  ...channelExtras,
})
/** `type: 'text'`: a body of at most 4,096 characters. */
export interface TextContentSchema extends Named<typeof TextContentSchema_> {}
/** `type: 'text'`: a body of at most 4,096 characters. */
export const TextContentSchema: TextContentSchema = TextContentSchema_

const caption = v.exactOptional(text(LIMITS.caption))

const ImageContentSchema_ = v.strictObject({
  url: httpUrl,
  text: caption,
  image: v.exactOptional(v.strictObject({ thumbnail: v.exactOptional(httpUrl) })),
  ...channelExtras,
})
/** `type: 'image'`: a URL and an optional caption (in `text`). */
export interface ImageContentSchema extends Named<typeof ImageContentSchema_> {}
/** `type: 'image'`: a URL and an optional caption (in `text`). */
export const ImageContentSchema: ImageContentSchema = ImageContentSchema_

/**
 * A declared size or duration of a video. 8x8's Viber guide sends them as strings (`"2700"`,
 * `"5"`) where its schema says number: both are accepted, and emitted as numbers.
 */
const declaredNumber = v.pipe(
  countedUnion(
    v.union(
      [v.number(), v.pipe(v.string(), v.decimal(), v.transform(Number))],
      'Invalid type: expected a number',
    ),
  ),
  v.finite('Invalid number: must be finite'),
)

const VideoContentSchema_ = v.strictObject({
  url: httpUrl,
  text: caption,
  video: v.exactOptional(
    v.strictObject({
      thumbnail: v.exactOptional(httpUrl),
      filesize: v.exactOptional(declaredNumber),
      duration: v.exactOptional(declaredNumber),
    }),
  ),
  ...channelExtras,
})
/** `type: 'video'`: a URL and an optional caption (in `text`). */
export interface VideoContentSchema extends Named<typeof VideoContentSchema_> {}
/** `type: 'video'`: a URL and an optional caption (in `text`). */
export const VideoContentSchema: VideoContentSchema = VideoContentSchema_

const AudioContentSchema_ = v.strictObject({
  url: httpUrl,
  audio: v.exactOptional(v.strictObject({ duration: finiteNumber })),
  ...channelExtras,
})
/** `type: 'audio'`: a URL; WhatsApp shows no caption. */
export interface AudioContentSchema extends Named<typeof AudioContentSchema_> {}
/** `type: 'audio'`: a URL; WhatsApp shows no caption. */
export const AudioContentSchema: AudioContentSchema = AudioContentSchema_

const FileContentSchema_ = v.strictObject({
  url: httpUrl,
  text: caption,
  ...channelExtras,
})
/** `type: 'file'`: a document by URL and an optional caption (in `text`). */
export interface FileContentSchema extends Named<typeof FileContentSchema_> {}
/** `type: 'file'`: a document by URL and an optional caption (in `text`). */
export const FileContentSchema: FileContentSchema = FileContentSchema_

const LocationContentSchema_ = v.strictObject({
  location: v.strictObject({
    latitude: coordinate(LIMITS.latitude),
    longitude: coordinate(LIMITS.longitude),
    name: v.exactOptional(nonEmpty),
    address: v.exactOptional(nonEmpty),
  }),
  ...channelExtras,
})
/** `type: 'location'`: coordinates in decimal degrees, a name and an address. */
export interface LocationContentSchema extends Named<typeof LocationContentSchema_> {}
/** `type: 'location'`: coordinates in decimal degrees, a name and an address. */
export const LocationContentSchema: LocationContentSchema = LocationContentSchema_
