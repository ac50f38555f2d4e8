// The release path, exercised before anyone relies on it: `changeset version` in a throw-away
// copy of the working tree (the repository itself is never touched), then a check that every
// publishable package a pending changeset names got the version `changeset status` planned, a
// CHANGELOG.md entry headed by that version holding each of its changesets' summaries, and that
// no ignored or private package moved. Exits 1, naming what is wrong, on any difference.
import { execFileSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

const root = join(import.meta.dirname, '..')
const cli = join(root, 'node_modules', '@changesets', 'cli', 'bin.js')
const copy = mkdtempSync(join(tmpdir(), 'release-check-'))
const problems = []

try {
  // What git would commit now: tracked files and new ones, without anything ignored.
  const files = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  )
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(root, file)))
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true })
    cpSync(join(root, file), join(copy, file))
  }
  // changeset reads the workspace's packages; it needs no installed dependency of theirs.
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir')

  // The plan, from the repository (status compares with git's main branch; it writes nothing
  // but the file named), before `version` consumes the changesets in the copy.
  const statusFile = join(copy, '..', `${copy.split('/').pop()}.plan.json`)
  execFileSync('node', [cli, 'status', `--output=${statusFile}`], { cwd: root, stdio: 'ignore' })
  const plan = JSON.parse(readFileSync(statusFile, 'utf8'))
  rmSync(statusFile)
  execFileSync('node', [cli, 'version'], { cwd: copy, stdio: 'ignore' })

  const summaries = new Map(plan.changesets.map((changeset) => [changeset.id, changeset.summary]))
  const manifests = new Map()
  for (const dir of ['packages', 'apps']) {
    for (const name of execFileSync('ls', [join(copy, dir)], { encoding: 'utf8' }).split('\n')) {
      const manifest = join(copy, dir, name, 'package.json')
      if (name === '' || !existsSync(manifest)) continue
      const json = JSON.parse(readFileSync(manifest, 'utf8'))
      manifests.set(json.name, { dir: join(copy, dir, name), json })
    }
  }

  let released = 0
  for (const release of plan.releases) {
    const found = manifests.get(release.name)
    if (found === undefined) {
      problems.push(`${release.name}: planned, but no package of that name`)
      continue
    }
    const { dir, json } = found
    if (release.type === 'none') {
      if (json.version !== release.oldVersion)
        problems.push(`${release.name}: not to be released, but moved to ${json.version}`)
      continue
    }
    if (json.private === true) problems.push(`${release.name}: private, but a release is planned`)
    released++
    if (json.version !== release.newVersion)
      problems.push(`${release.name}: version ${json.version}, planned ${release.newVersion}`)
    const changelogFile = join(dir, 'CHANGELOG.md')
    if (!existsSync(changelogFile)) {
      problems.push(`${release.name}: no CHANGELOG.md`)
      continue
    }
    const changelog = readFileSync(changelogFile, 'utf8')
    const entry = changelog.split(/^## /m)[1] ?? ''
    if (!entry.startsWith(`${release.newVersion}\n`))
      problems.push(`${release.name}: CHANGELOG.md does not start with ## ${release.newVersion}`)
    for (const id of release.changesets) {
      const first = (summaries.get(id) ?? '').split('\n')[0]
      if (first === '' || !entry.includes(first))
        problems.push(`${release.name}: the ${release.newVersion} entry lacks changeset ${id}`)
    }
  }
  // Every publishable package that a pending changeset names must be in the plan.
  for (const changeset of plan.changesets)
    for (const { name } of changeset.releases)
      if (!plan.releases.some((release) => release.name === name && release.type !== 'none'))
        problems.push(`${name}: named by changeset ${changeset.id} but not released`)

  if (problems.length === 0) {
    const list = plan.releases
      .filter((release) => release.type !== 'none')
      .map((release) => `${release.name} ${release.newVersion}`)
    console.log(
      released === 0
        ? 'changeset version: no pending changeset, nothing to release'
        : `changeset version: ${list.join(', ')}, each with its changelog entry`,
    )
  }
} finally {
  rmSync(copy, { recursive: true, force: true })
}

for (const problem of problems) console.error(`release check: ${problem}`)
process.exit(problems.length === 0 ? 0 : 1)
