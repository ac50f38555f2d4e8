import { defineConfig } from 'tsdown'

export default defineConfig([
  // The library: platform-neutral, no Node built-ins (fetch and WebCrypto only).
  {
    entry: { index: 'src/index.ts' },
    format: 'esm',
    platform: 'neutral',
    dts: true,
    clean: true,
    sourcemap: false,
  },
  // The `chatapps` binary: Node, with its shebang kept from src/cli/index.ts.
  {
    entry: { cli: 'src/cli/index.ts' },
    format: 'esm',
    platform: 'node',
    dts: false,
    clean: false,
    sourcemap: false,
  },
])
