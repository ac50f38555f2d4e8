import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const CHILD = fileURLToPath(new URL('./fixtures/upload-memory.ts', import.meta.url))
const CLIENT_DIR = fileURLToPath(new URL('../../', import.meta.url))
const MIB = 1024 * 1024

describe('upload streams the file', () => {
  it('sends a 128 MiB file with array-buffer memory growing by a few MiB, never by its size', async () => {
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD], {
      cwd: CLIENT_DIR,
      timeout: 240_000,
      maxBuffer: MIB,
    })
    const { received, peak } = JSON.parse(stdout) as { received: number; peak: number }
    // The form's head and tail around the file: at least the file, and less than 1 KiB more.
    expect(received).toBeGreaterThan(128 * MIB)
    expect(received).toBeLessThan(128 * MIB + 1024)
    // Held whole, the file alone would be 128 MiB here; streamed, a handful of 64 KiB chunks.
    expect(peak).toBeLessThan(16 * MIB)
  }, 300_000)
})
