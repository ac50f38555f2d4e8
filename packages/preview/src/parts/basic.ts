/**
 * The simple kinds: text, image, video, audio, document and location.
 *
 * @module
 */
import { escapeHtml } from '../escape'
import { num, obj, str } from '../read'
import { anchor, attrs, type Ctx, documentCard, media, type Parts, textBlock } from './common'

/** @internal `type: 'text'`. */
export function text(ctx: Ctx, content: unknown): Parts {
  return { bubble: textBlock(ctx, 'cap-text', 'content.text', str(content, 'text')) }
}

/** @internal `type: 'image' | 'video' | 'audio'`: the media and its caption. */
export function mediaMessage(ctx: Ctx, kind: 'image' | 'video' | 'audio', content: unknown): Parts {
  const caption = kind === 'audio' ? undefined : str(content, 'text')
  const label = caption ?? { image: 'Image', video: 'Video', audio: 'Audio' }[kind]
  const poster = kind === 'video' ? str(obj(content, 'video'), 'thumbnail') : undefined
  return {
    bubble:
      media(ctx, kind, str(content, 'url'), 'content.url', label, poster) +
      textBlock(ctx, 'cap-text', 'content.text', caption),
  }
}

/** @internal `type: 'file'`: a document card and its caption. */
export function file(ctx: Ctx, content: unknown): Parts {
  return {
    bubble:
      documentCard(ctx, str(content, 'url'), 'content.url') +
      textBlock(ctx, 'cap-text', 'content.text', str(content, 'text')),
  }
}

function coordinate(value: number | undefined, limit: number): value is number {
  return value !== undefined && Math.abs(value) <= limit
}

/** @internal `type: 'location'`: a map tile drawn in CSS, the name, the address, a map link. */
export function location(ctx: Ctx, content: unknown): Parts {
  const loc = obj(content, 'location')
  const lat = num(loc, 'latitude')
  const lon = num(loc, 'longitude')
  const name = str(loc, 'name')
  const address = str(loc, 'address')
  const valid = coordinate(lat, 90) && coordinate(lon, 180)
  const coords = valid ? `${lat}, ${lon}` : 'No valid coordinates'
  const label = `Map of ${name ?? coords}`
  const link = valid
    ? anchor(
        `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`,
        'cap-a',
        'Open in map',
      )
    : undefined
  return {
    bubble:
      `<div${attrs(ctx, 'cap-location', 'content.location')}>` +
      `<div class="cap-map" role="img" aria-label="${escapeHtml(label)}"><span class="cap-pin" aria-hidden="true"></span></div>` +
      textBlock(ctx, 'cap-loc-name', 'content.location.name', name) +
      textBlock(ctx, 'cap-loc-address', 'content.location.address', address) +
      `<p class="cap-coords">${escapeHtml(coords)}</p>` +
      (link ?? '') +
      '</div>',
  }
}
