/**
 * The length of a text in Unicode code points, as WhatsApp counts characters (an emoji outside
 * the Basic Multilingual Plane is one, not two UTF-16 units); a lone surrogate counts as one.
 * A loop over the units, not `for…of`: the fast path calls it on every string it checks.
 *
 * @internal
 */
export function codePoints(text: string): number {
  let count = 0
  for (let i = 0; i < text.length; i++) {
    count++
    const unit = text.charCodeAt(i)
    const next = text.charCodeAt(i + 1)
    // A high surrogate and the low one after it are one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++
  }
  return count
}
