import { exports } from 'cloudflare:workers'
import { expect } from 'vitest'

export const KEY = 'sandbox-demo-key'
export const SUB = 'demo-subaccount'
export const ORIGIN = 'http://sandbox.test'
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
export const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

export const anUuid = () => expect.stringMatching(UUID)
export const aTimestamp = () => expect.stringMatching(ISO)

/** Calls the worker (the `main` of wrangler.jsonc) in this isolate. */
export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, init))
}

/** POSTs a body (a string is sent as is) with the sandbox key unless told otherwise. */
export function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = { Authorization: `Bearer ${KEY}` },
): Promise<Response> {
  return call(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

/** GETs with the sandbox key. */
export function get(path: string): Promise<Response> {
  return call(path, { headers: { Authorization: `Bearer ${KEY}` } })
}

export const messagesPath = (sub = SUB) => `/api/v1/subaccounts/${sub}/messages`
export const batchPath = (sub = SUB) => `/api/v1/subaccounts/${sub}/messages/batch`

/** What `GET /__sandbox/messages` returns. */
export async function received(): Promise<{ messages: Record<string, unknown>[] }> {
  const response = await call('/__sandbox/messages')
  return response.json()
}

/** Forgets everything the sandbox received. */
export async function clear(): Promise<void> {
  const response = await call('/__sandbox/messages', { method: 'DELETE' })
  expect(response.status).toBe(204)
}

/** 8x8's error envelope with a fresh errorId and a timestamp. */
export function envelope(code: number, message: string) {
  return { code, message, errorId: anUuid(), timestamp: aTimestamp() }
}

/** Asserts status, JSON content type and the whole body. */
export async function expectJson(response: Response, status: number, body: unknown) {
  expect(response.status).toBe(status)
  expect(response.headers.get('Content-Type')).toBe('application/json')
  expect(await response.json()).toStrictEqual(body)
}

export const TEXT = { user: { msisdn: '+15551234567' }, type: 'text', content: { text: 'Hi' } }
