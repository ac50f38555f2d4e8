/**
 * Reading and clearing what the sandbox received, over its loopback origin.
 *
 * @module
 */

/** A receipt of a received message, as `GET /__sandbox/messages` shows it. */
export interface SandboxReceipt {
  readonly umid: string
  readonly state: string
  readonly duplicate: boolean
  readonly sentAt: string | null
  readonly attempts: number
  readonly delivered: boolean
  readonly dropped: boolean
  readonly pending: boolean
}

/** An entry of the sandbox's `GET /__sandbox/messages`. */
export interface SandboxEntry {
  readonly kind: 'message' | 'batch'
  readonly umid?: string
  readonly umids?: readonly string[]
  readonly subAccountId: string
  readonly receivedAt: string
  readonly body: Record<string, unknown>
  readonly raw: string
  readonly receipts: readonly SandboxReceipt[]
}

/** What the sandbox at `sandboxUrl` received, oldest first. */
export async function sandboxMessages(sandboxUrl: string): Promise<SandboxEntry[]> {
  const response = await fetch(`${sandboxUrl}/__sandbox/messages`)
  if (!response.ok) throw new Error(`sandbox: GET /__sandbox/messages answered ${response.status}`)
  const json = (await response.json()) as { messages: SandboxEntry[] }
  return json.messages
}

/** Makes the sandbox at `sandboxUrl` forget what it received (and its pending receipts). */
export async function clearSandbox(sandboxUrl: string): Promise<void> {
  const response = await fetch(`${sandboxUrl}/__sandbox/messages`, { method: 'DELETE' })
  if (response.status !== 204) {
    throw new Error(`sandbox: DELETE /__sandbox/messages answered ${response.status}`)
  }
}
