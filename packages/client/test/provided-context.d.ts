// The value each vitest config provides, so a test can check it runs in the runtime it claims.
import 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    runtime: 'node' | 'workerd'
  }
}
