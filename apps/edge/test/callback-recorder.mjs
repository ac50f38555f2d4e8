// Stands in for clients' callback endpoints in tests: the gateway's global fetch (used only for
// client callbacks; 8x8 is reached through service bindings) is routed here by the runner's
// `outboundService`. It keeps every request in memory and answers by the URL's query:
// `fail=N` → the first N requests to that path get 500, then 204; `status=S` → always S;
// `hang=1` → answers after 30 s (the caller's timeout aborts first); `location=U` → the answer
// carries `Location: U` (a redirect, with `status=302`).
// `GET http://recorder/__recorded?path=/p` lists what was received on path /p, oldest first.
// It also stands in for Cloudflare Access's JWKS (`GET /cdn-cgi/access/certs`, recorded like the
// rest), whose keys a test sets with `PUT http://recorder/__jwks` (an empty set until then).
const recorded = []
const counts = new Map()
let jwks = { keys: [] }

export default {
  async fetch(request) {
    const url = new URL(request.url)
    if (url.pathname === '/__recorded') {
      const path = url.searchParams.get('path')
      const requests = recorded.filter((r) => path === null || new URL(r.url).pathname === path)
      return Response.json({ requests })
    }
    if (url.pathname === '/__jwks' && request.method === 'PUT') {
      jwks = await request.json()
      return new Response(null, { status: 204 })
    }
    if (url.pathname === '/cdn-cgi/access/certs') {
      recorded.push({
        method: request.method,
        url: request.url,
        headers: {},
        body: '',
        status: 200,
      })
      return Response.json(jwks)
    }
    const body = await request.text()
    const count = (counts.get(url.pathname) ?? 0) + 1
    counts.set(url.pathname, count)
    const fail = Number(url.searchParams.get('fail') ?? '0')
    const status = Number(url.searchParams.get('status') ?? '0') || (count <= fail ? 500 : 204)
    recorded.push({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body,
      status,
    })
    // A pending timer, not a bare pending promise (workerd cancels those as hung).
    if (url.searchParams.get('hang') === '1') await new Promise((r) => setTimeout(r, 30_000))
    const location = url.searchParams.get('location')
    return new Response(status === 204 ? null : 'recorded', {
      status,
      headers: location === null ? {} : { location },
    })
  },
}
