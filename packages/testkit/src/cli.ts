/**
 * `pnpm --filter @chatapps/testkit start [-- --port 8787]`: the stack for a person, until Ctrl-C.
 *
 * @module
 */
import { parseArgs } from 'node:util'
import { startStack } from './stack'

// pnpm passes a leading `--` through (`pnpm start -- --port 8787`).
const args = process.argv.slice(2)
const { values } = parseArgs({
  args: args[0] === '--' ? args.slice(1) : args,
  options: {
    port: { type: 'string', default: '8787' },
    'sandbox-port': { type: 'string', default: '8788' },
    'receipt-step-ms': { type: 'string', default: '500' },
  },
})

const stack = await startStack({
  port: Number(values.port),
  sandboxPort: Number(values['sandbox-port']),
  receiptStepMs: Number(values['receipt-step-ms']),
})
console.log(
  `gateway ${stack.url}\nsandbox inbox ${stack.sandboxUrl}/\npreview ${stack.sandboxUrl}/preview`,
)
const stop = async () => {
  await stack.stop()
  process.exit(0)
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
