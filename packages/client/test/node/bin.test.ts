import { execFile } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const CLIENT_DIR = fileURLToPath(new URL('../../', import.meta.url))
const ROOT = join(CLIENT_DIR, '../..')
const USAGE = 'Usage: chatapps <command> [options]\n'

interface Manifest {
  readonly bin: Record<string, string>
  readonly files: readonly string[]
  readonly publishConfig: { readonly bin: Record<string, string> }
}
const manifest = JSON.parse(readFileSync(join(CLIENT_DIR, 'package.json'), 'utf8')) as Manifest

/** Runs a `chatapps --help` command line; its exit code, stdout and stderr. */
async function help(file: string, args: readonly string[], cwd: string) {
  try {
    const { stdout, stderr } = await run(file, [...args, '--help'], {
      cwd,
      env: { PATH: process.env.PATH ?? '' },
      timeout: 60_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}

// `pnpm install` links the workspace's `chatapps` command before anything is built: the bin must
// be a committed file, not dist/cli.mjs (which made install warn and `pnpm exec chatapps` fail).
describe('the chatapps bin in the workspace', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'chatapps-bin-'))
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  it('Should be the committed shim, and dist/cli.mjs once published', () => {
    expect(manifest.bin).toStrictEqual({ chatapps: './bin/chatapps.mjs' })
    expect(manifest.publishConfig.bin).toStrictEqual({ chatapps: './dist/cli.mjs' })
    expect(manifest.files).toStrictEqual(['dist'])
  })

  it('Should answer `chatapps --help` through the link pnpm made at the root', async () => {
    const result = await help(join(ROOT, 'node_modules/.bin/chatapps'), [], ROOT)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout.startsWith(USAGE)).toBe(true)
  })

  it('Should run the TypeScript source when there is no build', async () => {
    // A copy of the package without dist/: the shim, and links to the source and the packages.
    const copy = join(scratch, 'client')
    mkdirSync(join(copy, 'bin'), { recursive: true })
    copyFileSync(join(CLIENT_DIR, 'bin/chatapps.mjs'), join(copy, 'bin/chatapps.mjs'))
    symlinkSync(join(CLIENT_DIR, 'src'), join(copy, 'src'))
    symlinkSync(join(CLIENT_DIR, 'node_modules'), join(copy, 'node_modules'))
    const result = await help(process.execPath, [join(copy, 'bin/chatapps.mjs')], scratch)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout.startsWith(USAGE)).toBe(true)
  })
})
