import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

// A browser bundle of the library with its dependencies (@chatapps/dsl, @chatapps/signature,
// valibot, structured-headers): it must build for `platform: 'browser'`, which fails on any
// Node built-in, and stay small.
describe('a browser bundle', () => {
  it('Should build for the browser with no Node built-ins', async () => {
    const result = await build({
      entryPoints: [new URL('../../src/index.ts', import.meta.url).pathname],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      minify: true,
      write: false,
      logLevel: 'silent',
    })
    expect(result.errors).toStrictEqual([])
    const code = result.outputFiles[0]?.contents ?? new Uint8Array()
    const text = new TextDecoder().decode(code)
    expect(text).not.toMatch(/["']node:/)
    const gzip = gzipSync(code).length
    console.log(
      `browser bundle: ${(code.length / 1024).toFixed(1)} KiB minified, ${(gzip / 1024).toFixed(1)} KiB gzip`,
    )
    expect(gzip).toBeLessThan(60 * 1024)
  })
})
