/**
 * The rate limit of one client key: a token bucket in the admission object's memory. It is not
 * stored: an object is evicted only after it has been idle for a while, and a bucket that was
 * idle has refilled, so a new object starting full changes nothing for any key whose burst
 * refills within that time (the default 60 tokens at 10/s take 6 s). Keeping it in memory spares
 * every request two storage statements.
 *
 * @module
 */
export class TokenBucket {
  private tokens: number | null = null
  private updatedAt = 0

  /** Takes one token if there is one; the rate and burst are the key's, read on each request. */
  take(ratePerSecond: number, burst: number, now: number): boolean {
    const elapsed = this.tokens === null ? 0 : Math.max(0, now - this.updatedAt) / 1000
    const tokens = Math.min(burst, (this.tokens ?? burst) + elapsed * ratePerSecond)
    const allowed = tokens >= 1
    this.tokens = allowed ? tokens - 1 : tokens
    this.updatedAt = now
    return allowed
  }

  /** Seconds until the next token, after a refusal. */
  retryAfter(ratePerSecond: number): number {
    return Math.max(1, Math.ceil((1 - (this.tokens ?? 0)) / ratePerSecond))
  }
}
