/**
 * The preview's stylesheet: self-contained (no `url()`, no `@import`, no web fonts), every rule
 * scoped under `.cap-preview` or a `cap-` class, colours chosen for WCAG AA contrast.
 *
 * @module
 */

/**
 * @internal The colours of the preview, in pairs that the tests check for a contrast of at least
 * 4.5:1 (text) or 3:1 (focus ring, borders of controls).
 */
export const PALETTE = {
  chat: '#efeae2',
  bubble: '#ffffff',
  text: '#111b21',
  muted: '#54656f',
  link: '#00669e',
  action: '#006c59',
  focus: '#1b5fd1',
  invalid: '#b3261e',
  invalidBg: '#fdecea',
  code: '#f0f2f5',
  sheet: '#ffffff',
} as const

const c = PALETTE

/**
 * The CSS of {@link renderPreview}'s fragments, as one string to put in a `<style>` element (or
 * a constructed stylesheet). It has no external resources and styles nothing outside the
 * `cap-` classes.
 *
 * @example
 * ```ts
 * import { previewStyles, renderPreview } from '@chatapps/preview'
 *
 * const html = `<style>${previewStyles}</style>${renderPreview(message)}`
 * ```
 */
export const previewStyles: string = `
.cap-preview{--cap-chat:${c.chat};--cap-bubble:${c.bubble};--cap-text:${c.text};--cap-muted:${c.muted};--cap-link:${c.link};--cap-action:${c.action};--cap-focus:${c.focus};--cap-invalid:${c.invalid};--cap-invalid-bg:${c.invalidBg};--cap-code:${c.code};box-sizing:border-box;max-width:24rem;margin:0;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--cap-text)}
.cap-preview *,.cap-preview *::before,.cap-preview *::after{box-sizing:inherit}
.cap-screen{background:var(--cap-chat);padding:.75rem;border-radius:1rem;display:flex;flex-direction:column;gap:.25rem}
.cap-to,.cap-quote{margin:0 0 .25rem;font-size:.8rem;color:var(--cap-muted)}
.cap-bubble{background:var(--cap-bubble);border-radius:0 .6rem .6rem .6rem;padding:.4rem .5rem .3rem;max-width:92%;box-shadow:0 1px .5px rgba(11,20,26,.13);overflow-wrap:anywhere}
.cap-bubble>:first-child{margin-top:0}
.cap-text,.cap-header,.cap-footer,.cap-card-title,.cap-loc-name,.cap-loc-address{margin:.25rem 0;white-space:pre-wrap;unicode-bidi:isolate}
.cap-header,.cap-card-title,.cap-loc-name{font-weight:700}
.cap-footer,.cap-loc-address,.cap-coords,.cap-note{font-size:.8rem;color:var(--cap-muted)}
.cap-coords{margin:.25rem 0;font-variant-numeric:tabular-nums}
.cap-note{margin:.25rem 0}
.cap-lon-icon{margin:.25rem 0;text-align:center}
.cap-lon-title{text-align:center}
.cap-lon-list{margin:.4rem 0;padding:.4rem 0;border-top:1px solid var(--cap-chat)}
.cap-lon-list dt{font-size:.8rem;color:var(--cap-muted)}
.cap-lon-list dd{margin:0 0 .25rem}
.cap-lon-emphasis dd{font-size:1.4rem;font-weight:700}
.cap-time{margin:0;text-align:end;font-size:.7rem;color:var(--cap-muted)}
.cap-mono,.cap-code,.cap-json,.cap-path{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em}
.cap-mono{white-space:pre-wrap}
.cap-code,.cap-path{background:var(--cap-code);border-radius:.25rem;padding:0 .2em;overflow-wrap:anywhere}
.cap-json{background:var(--cap-code);border-radius:.4rem;padding:.5rem;margin:.25rem 0;max-height:16rem;overflow:auto;white-space:pre-wrap;overflow-wrap:anywhere}
.cap-a{color:var(--cap-link);text-decoration:underline}
.cap-media{display:block;width:100%;max-height:20rem;object-fit:cover;border-radius:.4rem;background:var(--cap-code)}
div.cap-media{display:flex;flex-direction:column;align-items:center;justify-content:center;min-height:6rem;padding:.5rem;text-align:center}
.cap-media-icon{font-size:1.8rem;color:var(--cap-muted)}
.cap-audio{min-height:0;height:3rem}
.cap-doc{display:flex;align-items:center;gap:.5rem;background:var(--cap-code);border-radius:.4rem;padding:.5rem}
.cap-doc-icon{flex:none;display:inline-flex;align-items:center;justify-content:center;width:2.5rem;height:2.5rem;border-radius:.3rem;background:var(--cap-invalid);color:#fff;font-size:.7rem;font-weight:700}
.cap-doc-name{flex:1;min-width:0;overflow-wrap:anywhere}
.cap-location{margin:0}
.cap-map{position:relative;height:8rem;border-radius:.4rem;background:linear-gradient(90deg,transparent 48%,#fff 48% 52%,transparent 52%),linear-gradient(0deg,transparent 46%,#fff 46% 54%,transparent 54%),#cfe3c8}
.cap-pin{position:absolute;left:50%;top:50%;width:1rem;height:1rem;margin:-1rem 0 0 -.5rem;border-radius:50% 50% 50% 0;transform:rotate(-45deg);background:var(--cap-invalid)}
.cap-actions{display:flex;flex-direction:column;gap:1px;margin:.4rem -.5rem -.3rem;border-top:1px solid var(--cap-chat)}
.cap-screen>.cap-actions{margin:0;border:0;gap:.25rem;max-width:92%}
.cap-btn{display:flex;align-items:center;justify-content:center;gap:.35rem;min-height:2.5rem;padding:.4rem .5rem;border:0;border-radius:.5rem;background:var(--cap-bubble);color:var(--cap-action);font:inherit;font-weight:600;text-align:center;text-decoration:none;cursor:pointer}
.cap-screen>.cap-actions>.cap-btn{box-shadow:0 1px .5px rgba(11,20,26,.13)}
.cap-btn:focus-visible,.cap-a:focus-visible,.cap-summary:focus-visible{outline:3px solid var(--cap-focus);outline-offset:2px}
.cap-sheet{margin:0}
.cap-summary{list-style:none}
.cap-summary::-webkit-details-marker{display:none}
.cap-sheet[open]>.cap-summary{border-bottom:1px solid var(--cap-chat);border-radius:.5rem .5rem 0 0}
.cap-sheet-body{padding:.25rem .75rem .5rem}
.cap-section-title{margin:.5rem 0 .25rem;font-size:.8rem;font-weight:600;color:var(--cap-action)}
.cap-rows{list-style:none;margin:0;padding:0}
.cap-row{display:flex;flex-direction:column;gap:.1rem;padding:.45rem 0;border-bottom:1px solid var(--cap-chat)}
.cap-rows>.cap-row:last-child{border-bottom:0}
.cap-product-row{flex-direction:row;align-items:center;gap:.5rem}
.cap-product-row>.cap-thumb{flex:none;background:var(--cap-code)}
.cap-row-desc{font-size:.8rem;color:var(--cap-muted)}
.cap-product{display:flex;align-items:center;gap:.5rem;padding:.5rem;border-radius:.4rem;background:var(--cap-code)}
.cap-thumb{display:inline-flex;align-items:center;justify-content:center;width:2.5rem;height:2.5rem;border-radius:.3rem;background:var(--cap-bubble)}
.cap-template{margin:0}
.cap-tpl-title{margin:0 0 .25rem}
.cap-badge{display:inline-block;padding:0 .4em;border-radius:.25rem;background:var(--cap-action);color:#fff;font-size:.75rem;font-weight:600}
.cap-lang{font-size:.8rem;color:var(--cap-muted)}
.cap-params{display:grid;grid-template-columns:max-content 1fr;gap:.25rem .5rem;margin:.25rem 0}
.cap-params dt{font-size:.8rem;color:var(--cap-muted)}
.cap-params dd{margin:0;min-width:0}
.cap-card{background:var(--cap-bubble);border-radius:.5rem;overflow:hidden}
.cap-carousel{display:flex;gap:.5rem;overflow-x:auto;list-style:none;margin:0;padding:0 0 .25rem;scroll-snap-type:x mandatory}
.cap-card-horizontal{display:grid;grid-template-columns:38% 1fr;column-gap:.5rem;align-content:start}.cap-card-horizontal>.cap-media{grid-row:1/span 2}.cap-card-horizontal>.cap-actions{grid-column:1/-1}.cap-card-right{grid-template-columns:1fr 38%}.cap-card-right>.cap-media{grid-column:2}
.cap-carousel>.cap-card{flex:0 0 75%;scroll-snap-align:start;border:1px solid var(--cap-chat);padding:.25rem}
.cap-empty{font-style:italic;font-weight:400;color:var(--cap-muted)}
.cap-sr{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.cap-invalid{outline:2px dashed var(--cap-invalid);outline-offset:1px;background-color:var(--cap-invalid-bg)}
.cap-misfit{outline:2px dashed var(--cap-invalid);outline-offset:1px;background-color:var(--cap-invalid-bg);color:inherit;border-radius:.2rem}
.cap-btn.cap-misfit{outline-offset:-3px}
mark.cap-misfit{margin:0 .15em;padding:0 .1em}
.cap-misfit-icon{margin-inline-end:.2em;color:var(--cap-invalid);font-weight:700}
.cap-missing{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em;color:var(--cap-invalid)}
.cap-misfit-block{display:block;margin:0 0 .25rem;padding:.25rem}
.cap-misfit-note{margin:.25rem 0 0;font-size:.8rem;color:var(--cap-invalid)}
.cap-btn-link{flex-wrap:wrap}
.cap-btn-detail{flex-basis:100%;font-size:.75rem;font-weight:400;color:var(--cap-muted);overflow-wrap:anywhere}
.cap-tpl-status{display:inline-block;padding:0 .4em;border-radius:.25rem;background:var(--cap-invalid);color:#fff;font-size:.75rem;font-weight:600}
.cap-issue-code{font-size:.8rem;color:var(--cap-muted)}
.cap-issues{margin-top:.75rem;padding:.5rem .75rem;border:1px solid var(--cap-invalid);border-radius:.5rem;background:var(--cap-invalid-bg)}
.cap-issues-title{margin:0 0 .25rem;font-weight:700;color:var(--cap-invalid)}
.cap-issue-list{margin:0;padding-inline-start:1.25rem}
.cap-issue{margin:.2rem 0;overflow-wrap:anywhere}
@media (prefers-reduced-motion:reduce){.cap-carousel{scroll-behavior:auto}}
@media (forced-colors:active){.cap-btn{border:1px solid ButtonText}.cap-invalid,.cap-misfit{outline-color:Mark}}
`.trim()
