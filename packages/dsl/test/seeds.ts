import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** One reference payload of `shared/fixtures/seed-messages.json`. */
export interface Seed {
  readonly name: string
  readonly title: string
  readonly description: string
  readonly payload: Record<string, unknown>
}

const path = fileURLToPath(
  new URL('../../../../shared/fixtures/seed-messages.json', import.meta.url),
)

/** The twelve reference payloads, read from the shared fixtures beside the repository. */
export const seeds: readonly Seed[] = JSON.parse(readFileSync(path, 'utf8'))
