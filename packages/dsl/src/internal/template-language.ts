/**
 * A template's language as Meta spells its codes (`en`, `en_US`, `pt_BR`): the language in lower
 * case, a two-letter region in upper case, so `en_us` and `en_US` name one registration. The
 * schema and the builder emit it so, and the registry check compares languages so.
 *
 * @internal
 */
export function templateLanguage(code: string): string {
  const cut = code.indexOf('_')
  if (cut < 0) return code.toLowerCase()
  const region = code.slice(cut + 1)
  return `${code.slice(0, cut).toLowerCase()}_${region.length === 2 ? region.toUpperCase() : region}`
}
