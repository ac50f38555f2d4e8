/**
 * `@chatapps/testkit/chromium`, for the browser suites of the sandbox and the preview: Debian's
 * Chromium (`apt-get install chromium`) through playwright-core, never a browser that
 * playwright downloads (`playwright install` reaches hosts a CI machine may not): a fresh user-data
 * directory per run, and nothing but loopback. Every request to another host is aborted by a
 * route handler, and the host resolver knows no other host, so nothing leaves the machine.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium } from 'playwright-core'

/** The browser Debian's `chromium` package installs (see scripts/ensure-chromium.sh at the root). */
export const CHROMIUM = '/usr/bin/chromium'

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Belt and braces with the route handler: no name but loopback resolves.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
]

/** Whether a URL stays on this machine. */
export function isLoopback(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url)
    if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]'
  } catch {
    return false
  }
}

/** A running browser context, what it refused to fetch, and how to close it. */
export interface Browser {
  readonly context: BrowserContext
  /** Every non-loopback URL the pages tried to fetch (all aborted). */
  readonly blocked: readonly string[]
  close(): Promise<void>
}

/** Launches Chromium with a fresh profile, a phone-like viewport and only loopback. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: run scripts/ensure-chromium.sh (apt-get install chromium)`,
    )
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'chatapps-chromium-'))
  const blocked: string[] = []
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 420, height: 900 },
      deviceScaleFactor: 1,
      locale: 'en-US',
      timezoneId: 'UTC',
      colorScheme: 'light',
      reducedMotion: 'reduce',
      timeout: 60_000,
    })
    await context.route('**/*', (route) => {
      const url = route.request().url()
      if (isLoopback(url)) return route.continue()
      blocked.push(url)
      return route.abort('blockedbyclient')
    })
    return {
      context,
      blocked,
      close: async () => {
        await context.close()
        rmSync(userDataDir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true })
    throw error
  }
}
