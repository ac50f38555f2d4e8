/**
 * The declaration @chatapps/dsl's type tests compile against
 * (`packages/dsl/test-types/registered/templates.ts`) is this generator's output for the
 * gateway's answer over the sandbox's seeded templates (`test/fixtures/templates-answer.json`),
 * so the type tests hold for what `chatapps templates pull` really writes. After a change of
 * either, `UPDATE_DECLARATION=1` rewrites the declaration once.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { templateDeclarations } from '../../src/index'
import { templatesAnswer } from '../../src/templates/answer'

const declaration = fileURLToPath(
  new URL('../../../dsl/test-types/registered/templates.ts', import.meta.url),
)
const answer = JSON.parse(
  readFileSync(new URL('../fixtures/templates-answer.json', import.meta.url), 'utf8'),
) as Record<string, unknown>

describe('the declaration of the DSL type tests', () => {
  it("is the generator's output for the sandbox's seeded templates", () => {
    const meta = { requests: 1, idempotencyKey: undefined, replayed: false, status: 200 }
    const written = templateDeclarations(templatesAnswer(answer, meta), {
      source: 'the sandbox (apps/sandbox/src/templates/seeds.ts)',
    })
    if (process.env.UPDATE_DECLARATION === '1') writeFileSync(declaration, written)
    expect(readFileSync(declaration, 'utf8')).toBe(written)
  })
})
