/**
 * Batch progress on stderr: a redrawn bar on a terminal, plain lines (every tenth) otherwise.
 *
 * @module
 */
import type { Output } from './io'

export interface Counts {
  sent: number
  failed: number
  skipped: number
}

export interface Progress {
  update(counts: Counts): void
  done(counts: Counts): void
}

export function progress(out: Output, total: number): Progress {
  const tty = out.isTTY === true
  let lastStep = -1
  const line = (c: Counts) =>
    `${c.sent + c.failed + c.skipped}/${total} sent ${c.sent} failed ${c.failed} skipped ${c.skipped}`
  const bar = (c: Counts) => {
    const width = Math.max(10, Math.min(40, (out.columns ?? 80) - 50))
    const done = total === 0 ? 1 : (c.sent + c.failed + c.skipped) / total
    const filled = Math.round(done * width)
    return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line(c)}`
  }
  return {
    update(counts) {
      if (tty) {
        out.write(bar(counts))
        return
      }
      const finished = counts.sent + counts.failed + counts.skipped
      const step = total === 0 ? 10 : Math.floor((finished * 10) / total)
      if (step > lastStep) {
        lastStep = step
        out.write(`progress ${line(counts)}\n`)
      }
    },
    done(counts) {
      if (tty) out.write(`${bar(counts)}\n`)
      else if (lastStep < 10) out.write(`progress ${line(counts)}\n`)
    },
  }
}
