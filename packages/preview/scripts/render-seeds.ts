/**
 * Writes one HTML document per reference message (`fixtures/seed-messages.json`) into
 * `out/`, for people to look at and for browser tests to screenshot.
 *
 * Run with `pnpm render-seeds` (tsx). The time shown is fixed, so the files only change when the
 * renderer does.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { renderPreviewDocument } from '../src/index'

interface Seed {
  readonly name: string
  readonly title: string
  readonly payload: unknown
}

const seedsFile = fileURLToPath(new URL('../../../fixtures/seed-messages.json', import.meta.url))
const outDir = fileURLToPath(new URL('../out/', import.meta.url))
const seeds: readonly Seed[] = JSON.parse(readFileSync(seedsFile, 'utf8'))

mkdirSync(outDir, { recursive: true })
const now = new Date('2026-11-24T09:30:00Z')
for (const seed of seeds) {
  const file = `${outDir}${seed.name}.html`
  writeFileSync(file, renderPreviewDocument(seed.payload, { now, title: seed.title }))
  console.log(file)
}
