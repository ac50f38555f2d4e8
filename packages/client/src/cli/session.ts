/**
 * A command's connection to the gateway: the client, the settings it was made from, and what the
 * CLI saw of the gateway's clock, for explaining a refusal afterwards.
 *
 * @module
 */
import { type Client, createClient } from '../client'
import type { FetchLike } from '../types'
import { type Connection, type ConnectionFlags, resolveConnection } from './config'
import type { CliIo } from './io'

/** The `created` of the last signed request and the gateway's `Date` on its answer. */
export interface ClockReading {
  /** Unix seconds: when this machine signed (Signature-Input `created`). */
  readonly created: number
  /** Unix seconds: the gateway's `Date` header. */
  readonly gateway: number
}

/** A client and what the CLI knows of the calls it made. */
export interface Session {
  readonly client: Client
  readonly connection: Connection
  /** The last reading, when an answer carried a `Date`. */
  readonly clock: () => ClockReading | undefined
}

const CREATED = /;created=(\d+)/

/** A fetch that notes each signed request's `created` and the answer's `Date`. */
function observing(fetch: FetchLike, note: (reading: ClockReading) => void): FetchLike {
  return async (request, init) => {
    const created = CREATED.exec(request.headers.get('signature-input') ?? '')?.[1]
    const response = await fetch(request, init)
    const date = Date.parse(response.headers.get('date') ?? '')
    if (created !== undefined && !Number.isNaN(date)) {
      note({ created: Number(created), gateway: Math.floor(date / 1000) })
    }
    return response
  }
}

/** A client from the resolved connection settings. */
export async function connect(flags: ConnectionFlags, io: CliIo): Promise<Session> {
  const connection = await resolveConnection(flags, io)
  let reading: ClockReading | undefined
  const base: FetchLike = io.fetch ?? ((request, init) => globalThis.fetch(request, init))
  const client = createClient({
    baseUrl: connection.baseUrl,
    keyId: connection.keyId,
    key: connection.key,
    alg: connection.alg,
    ...(connection.timeoutMs === undefined ? {} : { timeoutMs: connection.timeoutMs }),
    ...(connection.retries === undefined ? {} : { retries: connection.retries }),
    fetch: observing(base, (next) => {
      reading = next
    }),
  })
  return { client, connection, clock: () => reading }
}
