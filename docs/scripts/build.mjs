#!/usr/bin/env node
// `pnpm docs`: the API reference (TypeDoc, typedoc.json, into docs/api) and the gateway's OpenAPI
// document (apps/edge's `openApiDocument()`, called in-process: no server) into docs/openapi.json.
// Both outputs are generated, never committed (docs/.gitignore). Exits non-zero on any failure:
// a TypeDoc error, a broken link in the reference or the guides (see below), or an OpenAPI
// document that does not build.
import { writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { tsImport } from 'tsx/esm/api'
import { Application } from 'typedoc'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
process.chdir(ROOT)

async function reference() {
  const app = await Application.bootstrapWithPlugins({ options: join(ROOT, 'typedoc.json') })
  const project = await app.convert()
  if (project === undefined || app.logger.hasErrors()) throw new Error('TypeDoc: conversion failed')
  // Warnings while reading the sources (a doc comment's @param that names no parameter, say)
  // are printed only. From here on, every warning is a broken reference: a {@link} that does not
  // resolve, an exported type that is not documented, a guide's link to a missing file or
  // anchor (typedoc.json `treatValidationWarningsAsErrors`); they fail the build.
  const before = app.logger.warningCount
  app.validate(project)
  if (app.logger.hasErrors()) throw new Error('TypeDoc: validation failed')
  await app.generateOutputs(project)
  if (app.logger.hasErrors()) throw new Error('TypeDoc: output failed')
  const broken = app.logger.warningCount - before
  if (broken > 0 && app.options.getValue('treatValidationWarningsAsErrors')) {
    throw new Error(`TypeDoc: ${broken} broken reference(s) (warnings above), treated as errors`)
  }
  console.log('docs: API reference and guides in docs/api')
}

async function openApi() {
  const module = await tsImport('../../apps/edge/src/openapi/document.ts', import.meta.url)
  const document = module.openApiDocument()
  if (typeof document?.openapi !== 'string' || !document.openapi.startsWith('3.1')) {
    throw new Error('OpenAPI: openApiDocument() did not return an OpenAPI 3.1 document')
  }
  const paths = Object.keys(document.paths)
  await writeFile(join(ROOT, 'docs', 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`)
  console.log(`docs: OpenAPI ${document.openapi} in docs/openapi.json (${paths.length} paths)`)
}

try {
  await reference()
  await openApi()
} catch (error) {
  console.error(`docs: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}
