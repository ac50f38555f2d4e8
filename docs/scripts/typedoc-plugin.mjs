// A TypeDoc plugin of the docs build: names each entry point's module after the package import
// path it documents (`@chatapps/dsl/schemas`) instead of its folder (`dsl/src/schemas`).
import { Converter, ReflectionKind } from 'typedoc'

/** Folder names TypeDoc derives from the entry points of typedoc.json, and their import paths. */
const NAMES = {
  'dsl/src': '@chatapps/dsl',
  'dsl/src/schemas': '@chatapps/dsl/schemas',
  'dsl/src/templates': '@chatapps/dsl/templates',
  'signature/src': '@chatapps/signature',
  'client/src': '@chatapps/client',
  'preview/src': '@chatapps/preview',
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getChildrenByKind(ReflectionKind.Module)) {
      const name = NAMES[module.name]
      if (name === undefined) {
        app.logger.warn(`docs: no package name for the module "${module.name}"`)
      } else {
        module.name = name
      }
    }
  })
}
