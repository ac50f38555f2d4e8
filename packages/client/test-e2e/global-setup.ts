/**
 * Starts the gateway and the sandbox once for every end-to-end file, and stops them at the end.
 * The files get the two loopback origins through `inject('gatewayUrl')` / `inject('sandboxUrl')`.
 */
import type { TestProject } from 'vitest/node'
import { startStack } from './harness'

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // A short open period: the CLI batch runs against injected faults, and a client waits out the
  // gateway's Retry-After.
  const stack = await startStack({ gatewayVars: { CIRCUIT_OPEN_MS: '1000' } })
  console.log(
    `e2e stack: gateway ${stack.url}, sandbox ${stack.sandboxUrl} ` +
      `(built in ${(stack.timings.buildMs / 1000).toFixed(1)} s, ` +
      `started in ${(stack.timings.startMs / 1000).toFixed(1)} s)`,
  )
  // One run of the gateway's cron: its template registry syncs from the sandbox's seeds
  // (templates.e2e.test.ts), as it would within a minute of starting.
  await stack.scheduled()
  project.provide('gatewayUrl', stack.url)
  project.provide('sandboxUrl', stack.sandboxUrl)
  return () => stack.stop()
}

declare module 'vitest' {
  export interface ProvidedContext {
    gatewayUrl: string
    sandboxUrl: string
  }
}
