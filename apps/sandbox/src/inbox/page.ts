/**
 * The two pages for people: the inbox (`GET /`) and the preview page (`GET /preview`). Each has
 * one small inline script and one stylesheet, allowed by a per-page nonce.
 *
 * @module
 */
import { previewStyles } from '@chatapps/preview'
import { escapeHtml } from './html'

const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f0f2f5;color:#111b21;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
.sbx-top{position:sticky;top:0;z-index:1;display:flex;align-items:center;gap:.75rem;padding:.5rem .75rem;background:#075e54;color:#fff}
.sbx-top h1{font-size:1rem;margin:0;flex:1}
.sbx-top a{color:#fff}
.sbx-live{font-size:.75rem;opacity:.9}
.sbx-top button{font:inherit;font-size:.75rem;background:transparent;color:#fff;border:1px solid #fff;border-radius:.25rem;padding:.1rem .4rem;cursor:pointer}
main{max-width:30rem;margin:0 auto;padding:.5rem}
main.sbx-wide{max-width:64rem;display:grid;grid-template-columns:16rem 1fr;gap:.75rem;align-items:start}
@media (max-width:40rem){main.sbx-wide{grid-template-columns:1fr}}
.sbx-side{background:#fff;border-radius:.5rem;padding:.5rem;position:sticky;top:3rem}
.sbx-side input{width:100%;font:inherit;padding:.3rem .5rem;border:1px solid #8696a0;border-radius:.4rem}
.sbx-list{list-style:none;margin:.5rem 0 0;padding:0}
.sbx-list button{display:flex;justify-content:space-between;width:100%;font:inherit;text-align:start;background:transparent;border:0;border-bottom:1px solid #e9edef;padding:.5rem .25rem;cursor:pointer}
.sbx-list button[aria-current="true"]{background:#f0f2f5;font-weight:600}
.sbx-list small{color:#54656f;font-weight:400}
.sbx-reply{display:grid;grid-template-columns:9rem 1fr auto;gap:.4rem;margin-top:.5rem;padding:.5rem;background:#f0f2f5;border-radius:.5rem}
.sbx-reply input{font:inherit;padding:.35rem .5rem;border:1px solid #8696a0;border-radius:1rem;min-width:0}
.sbx-reply button{font:inherit;padding:.3rem .8rem;border-radius:1rem;border:0;background:#00a884;color:#fff;cursor:pointer}
.sbx-reply-status{grid-column:1/-1;margin:0;font-size:.8rem;color:#b3261e;min-height:1em}
.sbx-in{display:flex;flex-direction:column;align-items:flex-end;padding:0 .75rem .5rem}
.sbx-bubble{margin:0;max-width:80%;padding:.4rem .6rem;background:#d9fdd3;border-radius:.5rem .5rem 0 .5rem;white-space:pre-wrap;overflow-wrap:anywhere;box-shadow:0 1px .5px rgba(11,20,26,.13)}
.sbx-in .sbx-meta{margin:.1rem 0 0}
.sbx-typing{margin:0 .75rem .5rem;font-size:.85rem;font-style:italic;color:#008069}
.sbx-failure{display:block;color:#b3261e;font-weight:600}
.sbx-media{font-size:.75rem}
.sbx-empty{padding:1rem;color:#54656f}
.sbx-chat{margin:0 0 1rem;background:#efeae2;border-radius:.5rem;overflow:hidden}
.sbx-chat-title{display:flex;align-items:center;gap:.5rem;margin:0;padding:.5rem .75rem;font-size:.95rem;background:#fff;border-bottom:1px solid #d1d7db}
.sbx-avatar{display:inline-grid;place-items:center;width:1.75rem;height:1.75rem;border-radius:50%;background:#dfe5e7;color:#54656f}
.sbx-recipient{flex:1;font-variant-numeric:tabular-nums}
.sbx-count{font-size:.75rem;font-weight:400;color:#54656f}
.sbx-msgs{list-style:none;margin:0;padding:.25rem 0}
.sbx-msg{padding:0 .25rem .5rem}
.sbx-msg .cap-to{display:none}
.sbx-msg .cap-preview{max-width:none}
.sbx-msg .cap-screen{padding:.25rem .5rem}
.sbx-meta{margin:0 .75rem;text-align:end;font-size:.75rem;color:#54656f}
.sbx-ticks{margin-inline-start:.25rem;font-weight:700;letter-spacing:-.2em}
.sbx-queued,.sbx-cancelled{color:#8696a0}.sbx-sent,.sbx-delivered{color:#54656f}.sbx-read{color:#027eb5}
.sbx-undelivered,.sbx-rejected{color:#b3261e;letter-spacing:0}
.sbx-raw{margin:.25rem .75rem 0;font-size:.8rem}
.sbx-raw summary{cursor:pointer;color:#54656f}
.sbx-raw pre{margin:.25rem 0;padding:.5rem;background:#fff;border-radius:.4rem;max-height:20rem;overflow:auto;white-space:pre-wrap;overflow-wrap:anywhere}
.sbx-umid{margin:0;color:#54656f}
.sbx-form textarea{width:100%;min-height:14rem;font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:.5rem;border:1px solid #8696a0;border-radius:.4rem}
.sbx-form button{margin:.5rem 0;font:inherit;padding:.3rem .8rem;border-radius:.4rem;border:1px solid #006c59;background:#006c59;color:#fff;cursor:pointer}
.sbx-error{padding:.5rem .75rem;border-radius:.4rem;background:#fdecea;color:#b3261e}
`

const EXAMPLE = JSON.stringify(
  { user: { msisdn: '+15551234567' }, type: 'text', content: { text: 'Hello *there*' } },
  null,
  2,
)

interface PageParts {
  readonly title: string
  readonly nonce: string
  readonly main: string
  readonly script: string
  readonly top?: string
  /** Two columns (the inbox's chat list and conversation). */
  readonly wide?: boolean
}

function page(parts: PageParts): string {
  const title = escapeHtml(parts.title)
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${title}</title>`,
    `<style nonce="${parts.nonce}">${CSS}\n${previewStyles}</style>`,
    '</head>',
    '<body>',
    `<header class="sbx-top"><h1>${title}</h1>${parts.top ?? ''}<nav><a href="/">Inbox</a> · <a href="/preview">Preview</a></nav></header>`,
    `<main${parts.wide ? ' class="sbx-wide"' : ''}>${parts.main}</main>`,
    `<script nonce="${parts.nonce}">${parts.script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

// Polls the fragment with its ETag (a 304 when nothing changed); when it changed, swaps it in and
// reopens the <details> (list sheets, raw JSON) that were open, by message and position. Builds
// the chat list (newest activity first, filtered by number) from the chats, shows the chosen
// one, and posts the reply box to /__sandbox/inbound as that customer.
const INBOX_SCRIPT = `(() => {
  const root = document.getElementById('sbx-chats');
  const live = document.getElementById('sbx-live');
  const list = document.getElementById('sbx-list');
  const filter = document.getElementById('sbx-filter');
  const form = document.getElementById('sbx-reply');
  const from = document.getElementById('sbx-from');
  const text = document.getElementById('sbx-text');
  const status = document.getElementById('sbx-reply-status');
  const media = document.getElementById('sbx-pane').dataset.media === '1' ? '?media=1' : '';
  let etag = root.dataset.etag || '';
  let chosen = '';
  const each = (node, fn) => node.querySelectorAll('li[data-umid]').forEach((li) =>
    li.querySelectorAll('details').forEach((d, i) => fn(d, li.dataset.umid + ':' + i)));
  const show = () => {
    const chats = [...root.querySelectorAll('section.sbx-chat')];
    const wanted = filter.value.replace(/\\s/g, '');
    const visible = chats.filter((s) => s.dataset.recipient.includes(wanted));
    if (!visible.some((s) => s.dataset.recipient === chosen)) chosen = visible[0] ? visible[0].dataset.recipient : '';
    chats.forEach((s) => { s.hidden = s.dataset.recipient !== chosen; });
    list.replaceChildren(...visible.map((s) => {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.recipient = s.dataset.recipient;
      button.setAttribute('aria-current', String(s.dataset.recipient === chosen));
      const who = document.createElement('span');
      who.textContent = s.dataset.recipient;
      const when = document.createElement('small');
      when.className = 'sbx-time';
      when.textContent = (s.dataset.last || '').slice(11, 19);
      button.append(who, when);
      button.addEventListener('click', () => { chosen = s.dataset.recipient; from.value = chosen; show(); });
      li.append(button);
      return li;
    }));
    if (!from.value && chosen) from.value = chosen;
  };
  const poll = async () => {
    try {
      const response = await fetch('/__sandbox/inbox' + media, { cache: 'no-store', headers: { 'If-None-Match': etag } });
      if (response.status === 200) {
        const open = new Set();
        each(root, (d, key) => { if (d.open) open.add(key); });
        const next = document.createElement('template');
        next.innerHTML = await response.text();
        each(next.content, (d, key) => { if (open.has(key)) d.open = true; });
        root.replaceChildren(next.content);
        etag = response.headers.get('ETag') || '';
        show();
      }
      live.textContent = response.ok || response.status === 304 ? 'live' : 'error ' + response.status;
    } catch {
      live.textContent = 'offline, retrying';
    }
    setTimeout(poll, 1000);
  };
  filter.addEventListener('input', show);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { from: from.value.trim(), text: text.value };
    const response = await fetch('/__sandbox/inbound', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (response.ok) {
      status.textContent = '';
      text.value = '';
      chosen = body.from;
      etag = '';
    } else {
      const problem = await response.json();
      status.textContent = problem.issues.map((i) => (i.path ? i.path + ': ' : '') + i.message).join('; ');
    }
  });
  show();
  setTimeout(poll, 1000);
  document.getElementById('sbx-clear').addEventListener('click', () => {
    fetch('/__sandbox/messages', { method: 'DELETE' });
  });
})();`

/**
 * The inbox page around the chats fragment, with its ETag for the first poll: a chat list with a
 * number filter beside the chosen conversation and a reply box. `media` draws media from their
 * URLs (the page's CSP then allows https images, videos and audio).
 */
export function inboxPage(chats: string, etag: string, pageNonce: string, media = false): string {
  const toggle = media
    ? '<a class="sbx-media" href="/">Media: on (turn off)</a>'
    : '<a class="sbx-media" href="/?media=1">Media: placeholders (show media)</a>'
  return page({
    title: 'Sandbox inbox',
    nonce: pageNonce,
    wide: true,
    top: `<span class="sbx-live" id="sbx-live" aria-live="polite">live</span>${toggle}<button type="button" id="sbx-clear">Clear</button>`,
    main:
      '<aside class="sbx-side" aria-label="Chats"><input id="sbx-filter" type="search" placeholder="Filter by number" aria-label="Filter chats by number">' +
      '<ul class="sbx-list" id="sbx-list"></ul></aside>' +
      `<div class="sbx-pane" id="sbx-pane" data-media="${media ? '1' : '0'}"><div id="sbx-chats" data-etag="${escapeHtml(etag)}">${chats}</div>` +
      '<form class="sbx-reply" id="sbx-reply" aria-label="Write as the customer">' +
      '<input id="sbx-from" name="from" placeholder="+15551234567" aria-label="Customer number" autocomplete="off">' +
      '<input id="sbx-text" name="text" placeholder="Write as the customer (STOP opts out)" aria-label="Message" autocomplete="off" required>' +
      '<button type="submit">Send</button><p class="sbx-reply-status" id="sbx-reply-status" role="alert"></p></form></div>',
    script: INBOX_SCRIPT,
  })
}

// Renders on submit, and as the person types (debounced); only the latest answer is shown.
const PREVIEW_SCRIPT = `(() => {
  const form = document.getElementById('sbx-form');
  const input = document.getElementById('sbx-json');
  const out = document.getElementById('sbx-out');
  let seq = 0;
  let timer;
  const render = async () => {
    const mine = ++seq;
    try {
      const response = await fetch('/__sandbox/preview', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: input.value });
      const html = await response.text();
      if (mine === seq) out.innerHTML = html;
    } catch {
      if (mine === seq) out.textContent = 'The sandbox did not answer.';
    }
  };
  form.addEventListener('submit', (event) => { event.preventDefault(); render(); });
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(render, 300); });
})();`

/** The preview page: a textarea of JSON, and its rendering (`initial` for the example). */
export function previewPage(initial: string, pageNonce: string): string {
  return page({
    title: 'Message preview',
    nonce: pageNonce,
    main:
      '<form class="sbx-form" id="sbx-form"><label for="sbx-json">A message as JSON (the body of a send)</label>' +
      `<textarea id="sbx-json" name="json" spellcheck="false">${escapeHtml(EXAMPLE)}</textarea>` +
      '<button type="submit">Preview</button></form>' +
      `<div id="sbx-out" aria-live="polite">${initial}</div>`,
    script: PREVIEW_SCRIPT,
  })
}

/** The example message the preview page starts with. */
export const PREVIEW_EXAMPLE: string = EXAMPLE
