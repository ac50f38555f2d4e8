/**
 * Debian's Chromium (`apt-get install chromium`) through playwright-core, never a browser that
 * playwright downloads: a fresh profile per run, and every request to a host other than
 * loopback aborted and recorded, so that a test can say the preview fetched nothing else.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium } from 'playwright-core'

const CHROMIUM = '/usr/bin/chromium'

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
]

/** A running browser, the non-loopback URLs its pages tried to fetch, and how to close it. */
export interface Browser {
  readonly context: BrowserContext
  readonly blocked: readonly string[]
  close(): Promise<void>
}

function isLoopback(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url)
    return protocol === 'about:' || protocol === 'data:' || hostname === '127.0.0.1'
  } catch {
    return false
  }
}

/** Launches Chromium with a phone-wide viewport, in English and UTC, light, without motion. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: sudo apt-get install -y chromium`)
  }
  const profile = mkdtempSync(join(tmpdir(), 'chatapps-preview-chromium-'))
  const blocked: string[] = []
  try {
    const context = await chromium.launchPersistentContext(profile, {
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
        rmSync(profile, { recursive: true, force: true })
      },
    }
  } catch (error) {
    rmSync(profile, { recursive: true, force: true })
    throw error
  }
}
