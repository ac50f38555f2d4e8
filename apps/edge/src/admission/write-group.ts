/**
 * Writes that share a storage commit. Every commit of a Durable Object's SQLite storage costs: in
 * production a replicated write, locally an fsync on the runtime's one thread. An admission must
 * commit before its request goes on (the claim is durable before 8x8 sees the message), but a
 * completion need not commit alone: while other requests of the key are in flight, its writes
 * wait up to a few milliseconds and are made by the next admission, in that same synchronous
 * step, or with the other completions of the moment, so that they share one commit.
 *
 * The caller's promise settles once its writes are made, and the object's output gate holds the
 * answer until they are durable: nothing is acknowledged before it is stored, as before.
 *
 * @module
 */

interface Waiting {
  readonly write: () => void
  readonly resolve: () => void
  readonly reject: (error: unknown) => void
}

export class WriteGroup {
  private waiting: Waiting[] = []
  private timer: ReturnType<typeof setTimeout> | null = null

  /** @param windowMs The longest a write waits for company. */
  constructor(private readonly windowMs: number) {}

  /** Makes `write` with the next group, within `windowMs`; settles when it has been made. */
  add(write: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ write, resolve, reject })
      this.timer ??= setTimeout(() => this.flush(), this.windowMs)
    })
  }

  /**
   * Makes every waiting write now, in the order they came; called from a synchronous step that
   * writes anyway. A write that throws rejects its own caller only.
   */
  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer)
      this.timer = null
    }
    const writes = this.waiting
    if (writes.length === 0) return
    this.waiting = []
    for (const { write, resolve, reject } of writes) {
      try {
        write()
        resolve()
      } catch (error) {
        reject(error)
      }
    }
  }
}
