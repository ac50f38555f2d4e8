/**
 * The console's frame and small shared components: every page is server-rendered HTML, readable
 * without script; its one stylesheet carries the CSP nonce of the answer.
 *
 * @module
 */
import type { Child, FC } from 'hono/jsx'

/** The pages of the navigation, in order. */
const NAV = [
  ['/console/messages', 'Messages'],
  ['/console/dead-letters', 'Dead letters'],
  ['/console/keys', 'Keys'],
  ['/console/contacts', 'Contacts'],
  ['/console/circuits', 'Circuits'],
  ['/console/templates', 'Templates'],
  ['/console/live', 'Live'],
] as const

const STYLE = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0; }
header { display: flex; gap: 1rem; align-items: center; padding: .6rem 1rem; background: #123; color: #fff; }
header a { color: #cde; text-decoration: none; }
header a[aria-current=page] { color: #fff; font-weight: 600; text-decoration: underline; }
header .who { margin-left: auto; font-size: .85rem; opacity: .8; }
main { padding: 1rem; max-width: 80rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #8884; vertical-align: top; }
code, pre { font-family: ui-monospace, monospace; font-size: .85rem; }
pre { background: #8881; padding: .6rem; overflow: auto; }
form.search { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-bottom: 1rem; }
form.search label { display: flex; flex-direction: column; font-size: .8rem; }
.state-failed, .outcome-rejected, .outcome-retryable, .outcome-ambiguous, .outcome-refused, .outcome-failed { color: #c22; }
.state-read, .state-delivered, .outcome-sent, .outcome-delivered { color: #282; }
.notice { padding: .5rem .8rem; border-left: 4px solid #48c; background: #48c2; margin-bottom: 1rem; }
.error { border-color: #c22; background: #c222; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { font-weight: 600; }
`

/** When a page's figures were taken, readable. */
export const time = (ms: number | null | undefined): string =>
  ms === null || ms === undefined || ms === 0 ? '—' : new Date(ms).toISOString()

/** A page of the console. */
export const Layout: FC<{
  title: string
  current: string
  operator: string | null
  nonce: string
  refreshSeconds?: number
  children?: Child
}> = ({ title, current, operator, nonce, refreshSeconds, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      {refreshSeconds === undefined ? null : (
        <meta http-equiv="refresh" content={String(refreshSeconds)} />
      )}
      <title>{`${title} · chatapps console`}</title>
      <style nonce={nonce}>{STYLE}</style>
    </head>
    <body>
      <header>
        <strong>chatapps console</strong>
        {operator === null
          ? null
          : NAV.map(([href, label]) => (
              <a href={href} aria-current={current === href ? 'page' : undefined}>
                {label}
              </a>
            ))}
        {operator === null ? null : <span class="who">{operator}</span>}
      </header>
      <main>
        <h1>{title}</h1>
        {children}
      </main>
    </body>
  </html>
)

/** A POST form with the caller's CSRF token. */
export const PostForm: FC<{ action: string; csrf: string; class?: string; children?: Child }> = ({
  action,
  csrf,
  children,
  ...rest
}) => (
  <form method="post" action={action} class={rest.class}>
    <input type="hidden" name="csrf" value={csrf} />
    {children}
  </form>
)

/** A message after an action (`?done=` of a redirect). */
export const Notice: FC<{ text: string | undefined; error?: boolean }> = ({ text, error }) =>
  text === undefined || text === '' ? null : (
    <p class={error === true ? 'notice error' : 'notice'} role="status">
      {text}
    </p>
  )
