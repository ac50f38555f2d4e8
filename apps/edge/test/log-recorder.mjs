// The tail worker of the gateway workers of vitest.config.ts: it keeps each request's console
// lines, by the `x-test-trace` header the test helpers put on it, until a test takes them
// (`GET http://logs/?trace=ID`: 200 with the lines, or 404 while the request's tail has not come).
// The helpers print them again in the test runner, where captureConsole sees them as it sees the
// runner's own lines.
const traces = new Map()

export default {
  tail(events) {
    for (const event of events) {
      const trace = event.event?.request?.headers?.['x-test-trace']
      if (trace === undefined) continue
      const lines = (event.logs ?? []).map((log) => log.message.map(String).join(' '))
      for (const exception of event.exceptions ?? [])
        lines.push(`${exception.name}: ${exception.message}`)
      traces.set(trace, [...(traces.get(trace) ?? []), ...lines])
    }
  },
  fetch(request) {
    const trace = new URL(request.url).searchParams.get('trace')
    const lines = traces.get(trace)
    if (lines === undefined) return new Response(null, { status: 404 })
    traces.delete(trace)
    return Response.json(lines)
  },
}
