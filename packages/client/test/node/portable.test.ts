import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const SRC = fileURLToPath(new URL('../../src', import.meta.url))

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  )
}

describe('the library entry', () => {
  it('Should use no Node built-ins outside src/cli', () => {
    const library = files(SRC).filter((file) => !file.includes(`${join(SRC, 'cli')}`))
    expect(library.length).toBeGreaterThan(3)
    for (const file of library) {
      // Code only: JSDoc examples may show Node (`process.env.CHATAPPS_KEY`).
      const text = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '')
      expect(text, file).not.toMatch(/from ['"](node:|fs|path|crypto|buffer|util|os)['"/]/)
      expect(text, file).not.toMatch(/\b(process|Buffer|require)\b[.(]/)
    }
  })

  it('Should keep the built library free of Node built-ins too', () => {
    let built: string
    try {
      built = readFileSync(join(SRC, '../dist/index.js'), 'utf8')
    } catch {
      return // not built: the source check above stands
    }
    expect(built).not.toMatch(/from ['"]node:/)
  })
})
