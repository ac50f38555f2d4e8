import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** One reference payload of `fixtures/seed-messages.json` (at the repository's root). */
export interface Seed {
  readonly name: string
  readonly title: string
  readonly description: string
  readonly payload: Record<string, unknown>
}

const path = fileURLToPath(new URL('../../../fixtures/seed-messages.json', import.meta.url))

/** The twelve reference payloads, read from the repository's `fixtures/`. */
export const seeds: readonly Seed[] = JSON.parse(readFileSync(path, 'utf8'))
