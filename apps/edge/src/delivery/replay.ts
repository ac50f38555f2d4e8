/**
 * Replaying dead letters: back to `accepted` with fresh attempts (recorded with who did it),
 * then one delivery job each, paced as the key paces its recipients. If queueing fails, the
 * replay is undone: the messages are the dead letters they were, with no replay recorded, so
 * that the operator can simply replay them once more.
 *
 * @module
 */
import type { Config } from '../config'
import { replayDeadLetters, unreplay } from '../db/messages/replay'
import { sendAll } from '../lib/queues'
import { contactSettings } from '../objects/contact/client'
import type { DeliveryJob } from './jobs'

/** What a replay needs. */
export interface ReplayDeps {
  readonly db: D1Database
  readonly delivery: Queue<DeliveryJob>
  readonly config: Pick<Config, 'contact'>
}

/**
 * Replays the dead letters among `ids` (others are left alone).
 *
 * @returns the ids put back into the delivery queue; null when queueing failed (then nothing
 * was replayed: they are the dead letters they were).
 * @example
 * const replayed = await replay({ db: env.DB, delivery: env.DELIVERY, config }, ids, 'ops@acme.example')
 */
export async function replay(
  deps: ReplayDeps,
  ids: readonly string[],
  by: string,
  now: number = Date.now(),
): Promise<string[] | null> {
  const replayed = await replayDeadLetters(deps.db, ids, by, now)
  const jobs: DeliveryJob[] = replayed.map((message) => ({
    id: message.id,
    subAccount: message.subAccount,
    ...(message.recipient === null
      ? {}
      : {
          recipient: message.recipient,
          pace: contactSettings(deps.config.contact, message).pace,
        }),
  }))
  try {
    await sendAll(deps.delivery, jobs)
  } catch (error) {
    console.error('replay not queued', error instanceof Error ? error.name : 'error')
    await unreplay(deps.db, replayed)
    return null
  }
  return jobs.map((job) => job.id)
}
