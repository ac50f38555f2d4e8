/**
 * The TypeScript compiler run on some files with the package's own options (tsconfig.json), its
 * diagnostics as `tsc` prints them: for the tests of the compile-time rules' words.
 */
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

/** The package's directory. */
export const root = fileURLToPath(new URL('..', import.meta.url))

/** One diagnostic as `tsc` prints it: file, line (1-based), code and the whole message. */
export interface Reported {
  readonly file: string
  readonly line: number
  readonly code: number
  readonly message: string
}

/** Compiles `files` as one program; each diagnostic's file is relative to `from`. */
export function compile(files: readonly string[], from: string): Reported[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
      },
    },
  )
  if (config === undefined) throw new Error('tsconfig.json could not be read')
  const program = ts.createProgram(files, config.options)
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => ({
    file: diagnostic.file === undefined ? '' : relative(from, diagnostic.file.fileName),
    line:
      diagnostic.file === undefined
        ? 0
        : diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1,
    code: diagnostic.code,
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
  }))
}
