/**
 * A registered text with the send's values in it, formatted as WhatsApp shows the whole: each
 * value stands in as one private-use character while the text is formatted, so that markers
 * around a placeholder (`*{{1}}*`) apply and a link holding one points where the filled text
 * would; then each stand-in becomes its value's HTML.
 *
 * @module
 */
import { formatResolved } from '../format'

/** The first stand-in; the Private Use Area gives 6,400 of them, far more than a text holds. */
const FIRST = 0xe000
const LAST = 0xf8ff
const PRIVATE = /[\uE000-\uF8FF]/g

/** A piece of a filled text: registered text, or a value drawn by `html`. */
export type Piece =
  | { readonly text: string }
  | { readonly value: string; readonly html: string; readonly text?: undefined }

/**
 * @internal Formats registered text and values as one text. The registered text's own
 * private-use characters become U+FFFD, so that none can pass for a value.
 *
 * @param pieces Registered text and values, in order.
 * @returns Safe HTML: the values' HTML in place, the rest formatted and escaped.
 */
export function formatFilled(pieces: readonly Piece[]): string {
  const values: string[] = []
  const html: string[] = []
  let text = ''
  for (const piece of pieces) {
    if (piece.text !== undefined) {
      text += piece.text.replace(PRIVATE, '\uFFFD')
    } else if (FIRST + values.length <= LAST) {
      text += String.fromCharCode(FIRST + values.length)
      values.push(piece.value)
      html.push(piece.html)
    } else {
      // Past 6,400 values (only from unchecked input), the rest are formatted as plain text.
      text += piece.value.replace(PRIVATE, '\uFFFD')
    }
  }
  const of = (list: readonly string[], c: string) => list[c.charCodeAt(0) - FIRST] ?? ''
  return formatResolved(text, (url) => url.replace(PRIVATE, (c) => of(values, c))).replace(
    PRIVATE,
    (c) => of(html, c),
  )
}
