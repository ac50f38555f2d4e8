/**
 * The worker's edge of the world: its bindings, and the configuration read once from `env`,
 * validated, and passed inward as typed values. Inner modules never read `env` themselves.
 *
 * @module
 */
import * as v from 'valibot'
import type { Admission } from './admission'

/** The bindings of wrangler.jsonc (secrets and variables are validated by {@link readConfig}). */
export interface Bindings {
  readonly DB: D1Database
  readonly ADMISSION: DurableObjectNamespace<Admission>
  /** Local development and tests: the sandbox worker, reached without the network. */
  readonly UPSTREAM?: Fetcher
  readonly CHATAPPS_API_KEY?: string
  readonly CHATAPPS_BASE_URL?: string
  readonly ENVIRONMENT?: string
  readonly UPSTREAM_TIMEOUT_MS?: string
}

/** The public RFC 9421 development key ids of signing.md: refused in production. */
export const DEVELOPMENT_KEY_IDS: readonly string[] = ['test-key-ed25519', 'test-shared-secret']

const ConfigSchema = v.object({
  environment: v.picklist(['local', 'staging', 'production']),
  apiKey: v.pipe(v.string('CHATAPPS_API_KEY is not set'), v.minLength(1)),
  baseUrl: v.pipe(
    v.string(),
    v.url('CHATAPPS_BASE_URL is not a URL'),
    v.transform((url) => url.replace(/\/+$/, '')),
  ),
  upstreamTimeoutMs: v.pipe(
    v.string(),
    v.transform(Number),
    v.number(),
    v.integer(),
    v.minValue(1),
    v.maxValue(30_000),
  ),
})

/** The validated configuration. */
export type Config = v.InferOutput<typeof ConfigSchema> & {
  /** Key ids this deployment refuses whatever D1 says (the development keys, in production). */
  readonly refusedKeyIds: ReadonlySet<string>
}

const cache = new WeakMap<object, Config>()

/**
 * Reads and validates the configuration once per `env` object.
 *
 * @throws Error naming the variable that is wrong (never its value).
 */
export function readConfig(env: Bindings): Config {
  const cached = cache.get(env)
  if (cached !== undefined) return cached
  const result = v.safeParse(ConfigSchema, {
    environment: env.ENVIRONMENT ?? 'local',
    apiKey: env.CHATAPPS_API_KEY,
    baseUrl: env.CHATAPPS_BASE_URL ?? 'https://chatapps.8x8.com',
    upstreamTimeoutMs: env.UPSTREAM_TIMEOUT_MS ?? '10000',
  })
  if (!result.success) {
    const names = result.issues.map((issue) => v.getDotPath(issue) ?? '(root)').join(', ')
    throw new Error(`invalid configuration: ${names}`)
  }
  const config: Config = {
    ...result.output,
    refusedKeyIds: new Set(result.output.environment === 'production' ? DEVELOPMENT_KEY_IDS : []),
  }
  cache.set(env, config)
  return config
}

/** What handlers see: bindings, and the validated configuration set by the first middleware. */
export interface AppEnv {
  Bindings: Bindings
  Variables: { config: Config }
}
