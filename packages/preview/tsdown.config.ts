import { defineConfig } from 'tsdown'

export default defineConfig({
  entry: { index: 'src/index.ts', element: 'src/element.ts' },
  format: 'esm',
  platform: 'neutral',
  dts: true,
  clean: true,
  sourcemap: false,
  // The code both entries share (the renderer), under a name that says so.
  outputOptions: { chunkFileNames: 'shared-[hash].js' },
})
