#!/usr/bin/env node
// The repository stands alone: no tracked file may read, import or link a path outside it (a
// clone has nothing beside it). Fails, listing file:line, on
//  - a relative path that climbs above the repository's root from the file that holds it (in
//    pnpm-lock.yaml, from the importer it belongs to): a parent directory's `shared` folder, say;
//  - the reading material that folder held, named without a relative path: its `spec` and
//    `fixtures` folders, its notes (TOOLCHAIN, ARCHITECTURE, STYLE) and specifications
//    (chatapps-api, edge-api, dsl-api), when the repository holds no file of that name.
// A plain `git grep`, so it takes well under a second. The patterns are written so that this
// file's own text does not match them: it is checked like every other file.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { posix } from 'node:path'

const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim()

/** `git grep` output lines (`file:line:text`), or none when nothing matches (exit code 1). */
function grep(args) {
  try {
    return execFileSync('git', ['grep', '-n', '-I', ...args], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    })
      .split('\n')
      .filter((line) => line !== '')
  } catch (error) {
    if (error.status === 1) return []
    throw error
  }
}

const dot2 = '[.][.]'
const beside = `shared`
const problems = []

for (const line of grep(['-E', `(^|[^a-zA-Z0-9_.-])${beside}/(spec|fixtures)/`])) {
  problems.push(`${line}\n    refers to the folder beside the repository`)
}

const tracked = new Set(
  execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .map((file) => posix.basename(file)),
)
for (const note of ['TOOLCHAIN', 'ARCHITECTURE', 'STYLE', 'chatapps-api', 'edge-api', 'dsl-api']) {
  if (tracked.has(`${note}.md`)) continue
  for (const line of grep(['-w', `${note}[.]md`])) {
    problems.push(`${line}\n    names ${note}.md, which the repository does not hold`)
  }
}

// Each run of `../` with the file it is in; the lockfile's paths are relative to their importer
// (the `  <dir>:` keys of its `importers:` section), found by reading it line by line.
const importerOf = new Map()
let importer = '.'
const lockfile = readFileSync(posix.join(root, 'pnpm-lock.yaml'), 'utf8').split('\n')
lockfile.forEach((text, index) => {
  const key = /^ {2}([^ '].*):$/.exec(text)
  if (key?.[1] !== undefined) importer = key[1]
  importerOf.set(index + 1, importer)
})
for (const line of grep(['-o', '-E', `(${dot2}/)+`])) {
  const [file = '', number = '', text = ''] = line.split(':')
  const from =
    file === 'pnpm-lock.yaml' ? (importerOf.get(Number(number)) ?? '.') : posix.dirname(file)
  if (posix.join(from, text).startsWith('../')) {
    problems.push(`${file}:${number}: ${text}\n    climbs above the repository's root`)
  }
}

if (problems.length > 0) {
  console.error(
    `check:standalone: ${problems.length} reference(s) to a path outside the repository`,
  )
  for (const problem of problems) console.error(`  ${problem}`)
  console.error(
    'Copy what is needed into the repository (fixtures/, docs/) and refer to it there, with its source.',
  )
  process.exit(1)
}
console.log('check:standalone: every tracked file refers only to paths inside the repository')
