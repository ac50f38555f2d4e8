/**
 * The connection settings from flags, environment variables and a JSON config file, in that
 * order of precedence.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { importPrivateKey, importSecret, type SignatureAlgorithm } from '@chatapps/signature'
import { type CliIo, configError } from './io'

/** The flags every command that calls the gateway takes. */
export const CONNECTION_OPTIONS = {
  'base-url': { type: 'string' },
  'key-id': { type: 'string' },
  key: { type: 'string' },
  'key-file': { type: 'string' },
  alg: { type: 'string' },
  config: { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
} as const

export const CONNECTION_HELP = `Connection (flags > environment > config file):
  --base-url URL      the gateway                      CHATAPPS_BASE_URL   baseUrl
  --key-id ID         your key id                      CHATAPPS_KEY_ID     keyId
  --key BASE64        PKCS#8 (ed25519) or raw secret   CHATAPPS_KEY        key
  --key-file PATH     a file holding the key           CHATAPPS_KEY_FILE   keyFile
  --alg ALG           ed25519 (default) | hmac-sha256  CHATAPPS_ALG        alg
  --timeout MS        per attempt (default 30000)                          timeoutMs
  --retries N         retries per call (default 3)                         retries
  --config PATH       JSON config file (default ./chatapps.config.json if present)`

export type ConnectionFlags = {
  readonly [K in keyof typeof CONNECTION_OPTIONS]?: string | undefined
}

/** Settings to create a client with. */
export interface Connection {
  readonly baseUrl: string
  readonly keyId: string
  readonly key: string
  readonly alg: SignatureAlgorithm
  readonly timeoutMs?: number
  readonly retries?: number
}

interface Layer {
  readonly baseUrl?: string | undefined
  readonly keyId?: string | undefined
  readonly key?: string | undefined
  readonly keyFile?: string | undefined
  readonly alg?: string | undefined
  readonly timeoutMs?: string | number | undefined
  readonly retries?: string | number | undefined
  /** Where relative `keyFile` paths start. */
  readonly dir: string
  readonly name: string
}

const FILE_KEYS = new Set(['baseUrl', 'keyId', 'key', 'keyFile', 'alg', 'timeoutMs', 'retries'])

function readConfigFile(path: string): Layer {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw configError(`cannot read config file ${path}: ${(error as Error).message}`)
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw configError(`config file ${path} must hold a JSON object`)
  }
  const record = json as Record<string, unknown>
  for (const [name, value] of Object.entries(record)) {
    if (!FILE_KEYS.has(name)) throw configError(`config file ${path}: unknown key "${name}"`)
    const ok =
      name === 'timeoutMs' || name === 'retries'
        ? typeof value === 'number'
        : typeof value === 'string'
    if (!ok) throw configError(`config file ${path}: "${name}" has the wrong type`)
  }
  return {
    ...(record as Omit<Layer, 'dir' | 'name'>),
    dir: dirname(path),
    name: `config file ${path}`,
  }
}

/** The settings, checked, with the key imported once to catch a bad key early. */
export async function resolveConnection(flags: ConnectionFlags, io: CliIo): Promise<Connection> {
  const layers: Layer[] = [
    {
      baseUrl: flags['base-url'],
      keyId: flags['key-id'],
      key: flags.key,
      keyFile: flags['key-file'],
      alg: flags.alg,
      timeoutMs: flags.timeout,
      retries: flags.retries,
      dir: io.cwd,
      name: 'flags',
    },
    {
      baseUrl: io.env.CHATAPPS_BASE_URL,
      keyId: io.env.CHATAPPS_KEY_ID,
      key: io.env.CHATAPPS_KEY,
      keyFile: io.env.CHATAPPS_KEY_FILE,
      alg: io.env.CHATAPPS_ALG,
      dir: io.cwd,
      name: 'environment',
    },
  ]
  const configPath =
    flags.config === undefined
      ? resolve(io.cwd, 'chatapps.config.json')
      : resolve(io.cwd, flags.config)
  if (flags.config !== undefined && !existsSync(configPath)) {
    throw configError(`config file ${configPath} does not exist`)
  }
  if (existsSync(configPath)) layers.push(readConfigFile(configPath))

  const pick = <K extends keyof Layer>(name: K) => layers.find((layer) => present(layer[name]))

  const baseUrl = pick('baseUrl')?.baseUrl
  if (baseUrl === undefined)
    throw configError('no gateway: set --base-url, CHATAPPS_BASE_URL or baseUrl')
  let url: URL
  try {
    url = new URL(String(baseUrl))
  } catch {
    throw configError(`the base URL is not a URL: ${String(baseUrl)}`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw configError(`the base URL must be http(s): ${String(baseUrl)}`)
  }
  const keyId = pick('keyId')?.keyId
  if (keyId === undefined) throw configError('no key id: set --key-id, CHATAPPS_KEY_ID or keyId')
  const alg = pick('alg')?.alg ?? 'ed25519'
  if (alg !== 'ed25519' && alg !== 'hmac-sha256') {
    throw configError(`alg must be ed25519 or hmac-sha256, not ${alg}`)
  }
  const key = readKey(layers.find((layer) => present(layer.key) || present(layer.keyFile)))
  try {
    await (alg === 'ed25519' ? importPrivateKey(key) : importSecret(key))
  } catch {
    throw configError(
      alg === 'ed25519'
        ? 'the key is not an Ed25519 private key (PKCS#8, base64)'
        : 'the key is not an HMAC secret (base64)',
    )
  }
  const timeoutMs = numberOf(pick('timeoutMs'), 'timeoutMs', 1)
  const retries = numberOf(pick('retries'), 'retries', 0)
  return {
    baseUrl: url.href,
    keyId: String(keyId),
    key,
    alg,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(retries === undefined ? {} : { retries }),
  }
}

function present(value: unknown): boolean {
  return value !== undefined && value !== ''
}

function readKey(layer: Layer | undefined): string {
  if (layer === undefined) throw configError('no key: set --key, --key-file, CHATAPPS_KEY or key')
  if (present(layer.key) && present(layer.keyFile)) {
    throw configError(`${layer.name}: give a key or a key file, not both`)
  }
  if (present(layer.key)) return String(layer.key).trim()
  const path = resolve(layer.dir, String(layer.keyFile))
  try {
    return readFileSync(path, 'utf8').trim()
  } catch {
    throw configError(`cannot read the key file ${path}`)
  }
}

function numberOf(layer: Layer | undefined, name: 'timeoutMs' | 'retries', min: number) {
  if (layer === undefined) return undefined
  const value = Number(layer[name])
  if (!Number.isInteger(value) || value < min) {
    throw configError(`${layer.name}: ${name} must be an integer >= ${min}`)
  }
  return value
}
