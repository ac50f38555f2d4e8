#!/usr/bin/env node
// The `chatapps` command inside the workspace, so that `pnpm exec chatapps` works right after
// `pnpm install`, before any build: the built `dist/cli.mjs` when there is one, else the
// TypeScript source through tsx (a devDependency). The published package does not ship this
// file: its `publishConfig.bin` points at `dist/cli.mjs`.
import { existsSync } from 'node:fs'

const built = new URL('../dist/cli.mjs', import.meta.url)
if (existsSync(built)) {
  await import(built.href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import(new URL('../src/cli/index.ts', import.meta.url).href)
}
