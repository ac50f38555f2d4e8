#!/usr/bin/env node
// `pnpm start` / `pnpm dev`: the gateway and the sandbox on loopback, with the local D1 migrated
// and the two development keys of signing.md registered for demo-subaccount. Ctrl-C stops both.
import { execFileSync, spawn } from 'node:child_process'

const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  DO_NOT_TRACK: '1',
}
// Ports and the local state may be moved (its test runs it beside a developer's own servers).
const setting = (name) => process.env[name]
const port = (name, fallback) => Number(setting(name) ?? fallback)
const GATEWAY_PORT = port('CHATAPPS_GATEWAY_PORT', 8787)
const SANDBOX_PORT = port('CHATAPPS_SANDBOX_PORT', 8788)
// DevTools: the sandbox on this port, the gateway on the next.
const INSPECTOR_PORT = port('CHATAPPS_INSPECTOR_PORT', 9238)
const PERSIST_TO = setting('CHATAPPS_PERSIST_TO')
const persist = PERSIST_TO === undefined ? [] : ['--persist-to', PERSIST_TO]
const GATEWAY = `http://127.0.0.1:${GATEWAY_PORT}`
const SANDBOX = `http://127.0.0.1:${SANDBOX_PORT}`

console.log('Preparing the local D1 database (migrations, development keys)…')
for (const command of ['migrate', 'seed-dev']) {
  execFileSync('pnpm', ['--silent', '--filter', '@chatapps/edge', 'keys', command, ...persist], {
    env,
    stdio: 'inherit',
  })
}

const children = []
function start(name, args) {
  // Each server in its own process group, so that stopping it stops workerd too.
  const child = spawn('pnpm', ['--silent', '--filter', name, 'exec', 'wrangler', 'dev', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const prefix = `[${name.replace('@chatapps/', '')}] `
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      for (const line of String(chunk).split('\n'))
        if (line.trim()) process.stdout.write(`${prefix}${line}\n`)
    })
  }
  child.on('exit', (code) => {
    console.log(`${prefix}exited (${code})`)
    stop(1)
  })
  children.push(child)
}

let stopping = false
function stop(code = 0) {
  if (stopping) return
  stopping = true
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM')
    } catch {}
  }
  setTimeout(() => process.exit(code), 500)
}
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))

const serve = (port, inspectorPort) => [
  ...['--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort)],
  ...persist,
]
start('@chatapps/sandbox', [
  ...serve(SANDBOX_PORT, INSPECTOR_PORT),
  // Its receipts and inbound messages go to the gateway's webhook, wherever it listens.
  ...['--var', `WEBHOOK_URL:${GATEWAY}/v1/webhooks/chatapps`],
])
start('@chatapps/edge', serve(GATEWAY_PORT, INSPECTOR_PORT + 1))

async function ready(url) {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`${url} did not start within 60 s`)
}

try {
  await Promise.all([ready(SANDBOX), ready(GATEWAY)])
} catch (error) {
  console.error(String(error))
  stop(1)
}
if (!stopping) {
  console.log(`
  chatapps is running on loopback:
    gateway  ${GATEWAY}   (POST /v1/messages, signed per chatapps-v1)
    sandbox  ${SANDBOX}   (behaves like 8x8; GET ${SANDBOX}/__sandbox/messages shows what arrived)

  Demonstration keys (RFC 9421 Appendix B, public): test-key-ed25519 (ed25519) and
  test-shared-secret (hmac-sha256), both bound to demo-subaccount.

  In another terminal:  pnpm demo     signs and sends the twelve reference messages
                        pnpm demo:conversation   a conversation: window, STOP, a refused send, START
  Ctrl-C stops both servers.
`)
}
