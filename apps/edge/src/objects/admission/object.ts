/**
 * Admission: one Durable Object per client key id (SQLite storage) decides, in one synchronous
 * and therefore atomic step, whether a verified request may proceed: key status, nonce replay,
 * idempotency claim (or replay of the stored answer) and a token-bucket rate limit. It then keeps
 * the answer for replay and the messages sent, and writes those to D1 in groups
 * ({@link RecordOutbox}). Each request makes its own calls (`client.ts`): `admit`, then
 * `complete`. Concurrent calls are decided in groups ({@link Admission.nextGroup}), so that
 * their writes share a storage commit.
 *
 * @module
 */
import { DurableObject } from 'cloudflare:workers'
import { writeRefusalCounts } from '../../db/refusals'
import { sendAll } from '../../lib/queues'
import { writeRecords } from '../../receipts/early'
import { answerFits } from './answer-size'
import { RecordOutbox } from './outbox'
import {
  ADMISSION_REFUSALS,
  type AdmitInput,
  type AdmitResult,
  type Completion,
  IDEMPOTENCY_RETENTION_MS,
  NONCE_RETENTION_MS,
  type RenewInput,
  type StoredResponse,
} from './protocol'
import { RefusalTally } from './refusals'
import { TokenBucket } from './token-bucket'

/** Expired nonces and answers are deleted at most this often (lookups ignore them anyway). */
const SWEEP_EVERY_MS = 60_000
/** Until a completion says otherwise (an object restarted with records waiting). */
const DEFAULT_RECORD_FLUSH_MS = 100
/** When D1 did not take the records, the next try. */
const OUTBOX_RETRY_MS = 5_000

interface IdempotencyRow extends Record<string, SqlStorageValue> {
  fingerprint: string
  state: string
  claimed_at: number
  lease_until: number | null
  status: number | null
  content_type: string | null
  body: string | null
  headers: string | null
}

export class Admission extends DurableObject<Env> {
  private readonly sql: SqlStorage
  private readonly outbox: RecordOutbox
  private readonly refusals: RefusalTally
  /** When the key was revoked through the gateway (null: it was not). */
  private revokedAt: number | null
  private sweptAt = Number.NEGATIVE_INFINITY
  private readonly bucket = new TokenBucket()
  /**
   * How long records wait before their D1 write: the worker's `RECORD_FLUSH_MS`, as the last
   * completion carried it (the object reads no configuration of its own).
   */
  private recordFlushMs = DEFAULT_RECORD_FLUSH_MS
  /** When the alarm that writes the records is due (null: none is set). */
  private flushAt: number | null = null
  /** Since the object started: the calls it served and what they carried (operators and tests). */
  private readonly served = { admissions: 0, completions: 0, groups: 0 }
  /** The group of calls waiting for their turn ({@link nextGroup}); null when none waits. */
  private group: Promise<void> | null = null

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    this.sql = ctx.storage.sql
    // WITHOUT ROWID: a nonce is its own key, so recording one writes no separate key index. An
    // object created before keeps its table as it was; the statements are the same for both.
    this.sql.exec(`CREATE TABLE IF NOT EXISTS nonces (nonce TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)
        WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS nonces_expires ON nonces (expires_at);
      CREATE TABLE IF NOT EXISTS idempotency (
        key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, state TEXT NOT NULL,
        claimed_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
        status INTEGER, content_type TEXT, body TEXT);
      CREATE INDEX IF NOT EXISTS idempotency_expires ON idempotency (expires_at);
      CREATE TABLE IF NOT EXISTS key_status (id INTEGER PRIMARY KEY CHECK (id = 1),
        revoked_at INTEGER NOT NULL);`)
    // Objects created before replayed headers were kept, or before a claim carried its own lease
    // (NULL: `claimed_at` + the lease of the request asking), gain the column.
    const columns = this.sql.exec<{ name: string }>('PRAGMA table_info(idempotency)').toArray()
    if (!columns.some((column) => column.name === 'headers')) {
      this.sql.exec('ALTER TABLE idempotency ADD COLUMN headers TEXT')
    }
    if (!columns.some((column) => column.name === 'lease_until')) {
      this.sql.exec('ALTER TABLE idempotency ADD COLUMN lease_until INTEGER')
    }
    if (!columns.some((column) => column.name === 'earlier_try_at')) {
      this.sql.exec('ALTER TABLE idempotency ADD COLUMN earlier_try_at INTEGER')
    }
    // The seed of a claim's message ids (src/send/message-ids.ts); a row without one gets one
    // on its next claim.
    if (!columns.some((column) => column.name === 'seed')) {
      this.sql.exec('ALTER TABLE idempotency ADD COLUMN seed TEXT')
    }
    const status = this.sql.exec<{ revoked_at: number }>('SELECT revoked_at FROM key_status')
    this.revokedAt = status.toArray()[0]?.revoked_at ?? null
    this.outbox = new RecordOutbox(this.sql, async (records) => {
      const callbacks = await writeRecords(env.DB, records)
      await sendAll(env.CALLBACKS, callbacks)
    })
    this.refusals = new RefusalTally(this.sql)
    // Records or counts left by an object that stopped before writing them: the alarm writes them.
    if (this.outbox.waiting() > 0 || this.refusals.unwritten()) this.flushWithin(0)
  }

  /**
   * Waits for the group of calls arriving now, and starts one when none is waiting. The calls
   * (admissions, renewals, completions) that arrive before the group's 0 ms timer fires are then
   * decided one after another, in the order they arrived, each in one synchronous step as
   * before, within one turn of the object's event loop: their writes share one storage commit
   * (SQLite's, with its `fsync`, in workerd), where each call committed alone before. On a busy
   * key that commit was the object's largest cost; each answer still waits for it (the output
   * gate). A call alone waits one timer turn, no longer (apps/edge/README.md, Benchmark).
   */
  private nextGroup(): Promise<void> {
    this.group ??= new Promise((resolve) =>
      setTimeout(() => {
        this.group = null
        this.served.groups++
        resolve()
      }, 0),
    )
    return this.group
  }

  /** Sets the alarm to write the records within `delayMs`, unless it is due sooner already. */
  private flushWithin(delayMs: number): void {
    const at = Date.now() + delayMs
    if (this.flushAt !== null && this.flushAt <= at) return
    this.flushAt = at
    void this.ctx.storage.setAlarm(at)
  }

  /**
   * Calls served since the object started: admissions and completions, and the groups they were
   * decided in (each group's writes share one storage commit).
   */
  stats(): { readonly admissions: number; readonly completions: number; readonly groups: number } {
    return { ...this.served }
  }

  /**
   * Admits one request: key status, nonce, idempotency claim (or the stored answer to replay)
   * and rate limit, decided in one synchronous step. A request without an idempotency key (a
   * read) then waits for the key's records to be in D1, so that it reads what the key sent.
   *
   * @example
   * const admitted = await stub.admit(input)
   * if (admitted.kind !== 'proceed') return refuse(admitted)
   */
  async admit(input: AdmitInput): Promise<AdmitResult> {
    this.served.admissions++
    await this.nextGroup()
    const result = this.decide(input)
    if (result.kind === 'proceed' && input.idempotencyKey === null && this.outbox.waiting() > 0) {
      await this.outbox.flush()
    }
    return result
  }

  /**
   * Completes one request: keeps its answer for replay (null releases the claim) and its
   * records for D1; the answer to this call leaves once they are durable (the object's output
   * gate), so the request's own answer never runs ahead of them. Returns whether it stored them; one it cannot store releases its claim, so
   * that the client's retry proceeds at once rather than meeting `idempotency_key_in_flight`
   * until the lease ends, and its request writes its records itself.
   *
   * @example
   * const kept = await stub.complete({ idempotencyKey, response, now, records, recordFlushMs })
   */
  async complete(completion: Completion): Promise<boolean> {
    this.served.completions++
    await this.nextGroup()
    try {
      this.store(completion)
      return true
    } catch (error) {
      console.error('completion not stored', error instanceof Error ? error.name : 'error')
      if (completion.idempotencyKey !== null) {
        try {
          this.release(completion.idempotencyKey, completion.claimedAt)
        } catch (failure) {
          // The claim then ends with its lease, as before.
          console.error('claim not released', failure instanceof Error ? failure.name : 'error')
        }
      }
      return false
    }
  }

  /**
   * Renews a request's claim before its call to 8x8 (the steps before the call took long enough
   * that the lease left would not outlast it): while the claim is still this request's, it holds
   * until `now + leaseMs`, and the request may call. When a retry took it after its lease (the
   * object could not tell a stalled request from a dead one), it is not the request's any more:
   * the answer is the one a new try of the key would get (409 `idempotency_key_in_flight`, or the
   * answer the retry stored), and the request must call nothing. Not counted as a refusal.
   *
   * @example
   * const renewed = await stub.renew({ idempotencyKey, fingerprint, claimedAt, leaseMs, now })
   * if (renewed.kind !== 'proceed') return answer(renewed) // nothing sent
   */
  async renew(input: RenewInput): Promise<AdmitResult> {
    await this.nextGroup()
    const { idempotencyKey: key, fingerprint, claimedAt, leaseMs, now } = input
    const renewed = this.sql.exec(
      `UPDATE idempotency SET lease_until = ? WHERE key = ? AND state = 'claimed'
         AND claimed_at = ? AND fingerprint = ?`,
      now + leaseMs,
      key,
      claimedAt,
      fingerprint,
    )
    if (renewed.rowsWritten > 0) return { kind: 'proceed' }
    const taken = this.sql.exec('SELECT 1 FROM idempotency WHERE key = ?', key).toArray()
    // Taken, then let go (a retry that took it was rate-limited): a retry now proceeds at once.
    if (taken.length === 0) return { kind: 'in_flight', retryAfter: 1 }
    return this.answerFor(key, fingerprint, now, leaseMs)
  }

  /** The admission decision, its refusal counted. */
  private decide(input: AdmitInput): AdmitResult {
    const result = this.decideAlone(input)
    if (input.keyId !== undefined && result.kind !== 'proceed' && result.kind !== 'replay') {
      this.refusals.add(input.keyId, ADMISSION_REFUSALS[result.kind], Date.now())
      this.flushWithin(this.recordFlushMs)
    }
    return result
  }

  /** The whole admission decision. Synchronous, so concurrent calls never interleave. */
  private decideAlone(input: AdmitInput): AdmitResult {
    if (this.revokedAt !== null) return { kind: 'revoked' }
    const { now } = input
    this.sweep(now)

    // One statement: a new nonce, or one whose retention ended, is (re)recorded; a live one is not.
    const nonce = this.sql.exec(
      `INSERT INTO nonces (nonce, expires_at) VALUES (?1, ?2)
       ON CONFLICT (nonce) DO UPDATE SET expires_at = ?2 WHERE expires_at <= ?3`,
      input.nonce,
      now + NONCE_RETENTION_MS,
      now,
    )
    if (nonce.rowsWritten === 0) return { kind: 'nonce_replayed' }

    const key = input.idempotencyKey
    const lease = input.leaseMs
    /** When the try whose lapsed claim this request takes over claimed the key. */
    let earlierTryAt: number | null = null
    let seed: string | null = null
    if (key !== null) {
      // The common case in one statement: a new key, an expired answer or an abandoned claim of
      // this same request (its lease over) is claimed; anything else is read and answered below.
      // Taking over an abandoned claim keeps when it was made (`earlier_try_at`, computed from
      // the row as it was): that try may have reached 8x8 before its worker stopped or stalled.
      // It keeps the claim's seed too, so that it sends the same message ids as that try; a new
      // claim, or a key reused after its answer expired, gets a new one (ids never repeat).
      const claim = this.sql.exec<{ earlier_try_at: number | null; seed: string }>(
        `INSERT INTO idempotency (key, fingerprint, state, claimed_at, expires_at, lease_until, seed)
         VALUES (?1, ?2, 'claimed', ?3, ?4, ?3 + ?5, lower(hex(randomblob(16))))
         ON CONFLICT (key) DO UPDATE SET fingerprint = ?2, state = 'claimed', claimed_at = ?3,
           expires_at = ?4, lease_until = ?3 + ?5, status = NULL, content_type = NULL,
           body = NULL, headers = NULL,
           earlier_try_at = CASE WHEN state = 'claimed' AND expires_at > ?3 THEN claimed_at END,
           seed = CASE WHEN state = 'claimed' AND expires_at > ?3 AND seed IS NOT NULL THEN seed
             ELSE lower(hex(randomblob(16))) END
         WHERE expires_at <= ?3
           OR (state = 'claimed' AND fingerprint = ?2
             AND COALESCE(lease_until, claimed_at + ?5) <= ?3)
         RETURNING earlier_try_at, seed`,
        key,
        input.fingerprint,
        now,
        now + IDEMPOTENCY_RETENTION_MS,
        lease,
      )
      const claimed = claim.toArray()[0]
      if (claimed === undefined) return this.answerFor(key, input.fingerprint, now, lease)
      earlierTryAt = claimed.earlier_try_at
      seed = claimed.seed
    }

    if (!this.bucket.take(input.ratePerSecond, input.rateBurst, now)) {
      // Not admitted: the claim just made goes (an expired answer is as good as none). An
      // abandoned claim it took over is put back as it was, lapsed: its try may still renew it,
      // and the next retry that takes it over is told of that try.
      if (key !== null && earlierTryAt === null) {
        this.sql.exec('DELETE FROM idempotency WHERE key = ?', key)
      } else if (key !== null) {
        this.sql.exec(
          `UPDATE idempotency SET claimed_at = earlier_try_at, lease_until = ?2,
             earlier_try_at = NULL WHERE key = ?1`,
          key,
          now,
        )
      }
      return { kind: 'rate_limited', retryAfter: this.bucket.retryAfter(input.ratePerSecond) }
    }
    return {
      kind: 'proceed',
      ...(seed === null ? {} : { seed }),
      ...(earlierTryAt === null ? {} : { earlierTryAt }),
    }
  }

  /** The answer for a request whose idempotency key is taken by a live row. */
  private answerFor(key: string, fingerprint: string, now: number, lease: number): AdmitResult {
    const row = this.sql
      .exec<IdempotencyRow>(
        `SELECT fingerprint, state, claimed_at, lease_until, status, content_type, body, headers
         FROM idempotency WHERE key = ?`,
        key,
      )
      .one()
    if (row.fingerprint !== fingerprint) return { kind: 'idempotency_reused' }
    if (row.state === 'done' && row.status !== null && row.body !== null) {
      const response: StoredResponse = {
        status: row.status,
        contentType: row.content_type ?? '',
        body: row.body,
        ...(row.headers === null
          ? {}
          : { headers: JSON.parse(row.headers) as Record<string, string> }),
      }
      return { kind: 'replay', response }
    }
    const leaseUntil = row.lease_until ?? row.claimed_at + lease
    const retryAfter = Math.max(1, Math.ceil((leaseUntil - now) / 1000))
    return { kind: 'in_flight', retryAfter: Math.min(retryAfter, 5) }
  }

  /** Ends a claim; with `claimedAt`, only that request's (not a retry's that took it since). */
  private release(idempotencyKey: string, claimedAt?: number): void {
    this.sql.exec(
      `DELETE FROM idempotency WHERE key = ?1 AND state = 'claimed'
         AND (?2 IS NULL OR claimed_at = ?2)`,
      idempotencyKey,
      claimedAt ?? null,
    )
  }

  /** What a completion writes, in one synchronous step; throws when it cannot. */
  private store({
    idempotencyKey,
    response,
    claimedAt,
    now,
    records,
    recordFlushMs,
    refusal,
  }: Completion): void {
    if (refusal !== undefined) {
      this.refusals.add(refusal.keyId, refusal.code, Date.now())
      this.recordFlushMs = recordFlushMs
      this.flushWithin(recordFlushMs)
    }
    if (idempotencyKey !== null && response === null) {
      this.release(idempotencyKey, claimedAt)
    } else if (idempotencyKey !== null && response !== null) {
      if (!answerFits(response)) throw new RangeError('answer too large to store')
      const stored = this.sql.exec(
        `UPDATE idempotency SET state = 'done', status = ?1, content_type = ?2, body = ?3,
          headers = ?4, expires_at = ?5 WHERE key = ?6 AND (?7 IS NULL OR claimed_at = ?7)`,
        response.status,
        response.contentType,
        response.body,
        response.headers === undefined ? null : JSON.stringify(response.headers),
        now + IDEMPOTENCY_RETENTION_MS,
        idempotencyKey,
        claimedAt ?? null,
      )
      // A retry took the claim after its lease: the key's answer is that retry's to keep.
      if (stored.rowsWritten === 0 && claimedAt !== undefined) {
        console.warn('claim taken by a retry: answer not kept')
      }
    }
    if (records.length === 0) return
    this.outbox.add(records)
    this.recordFlushMs = recordFlushMs
    this.flushWithin(recordFlushMs)
  }

  /** Writes the records waiting now; resolves to how many still wait (operators and tests). */
  async flushRecords(): Promise<number> {
    await this.outbox.flush()
    return this.outbox.waiting()
  }

  /** Writes the refusal counts D1 does not have yet; resolves to whether it took them (tests). */
  flushRefusals(): Promise<boolean> {
    return this.refusals.flush((counts) => writeRefusalCounts(this.env.DB, counts), Date.now())
  }

  /**
   * Revokes the key for every request from now on, whatever an isolate remembers of it (the
   * gateway's admin route calls this after D1). Revocation is final.
   */
  revoke(now: number): { readonly revokedAt: number } {
    if (this.revokedAt === null) {
      this.sql.exec('INSERT OR IGNORE INTO key_status (id, revoked_at) VALUES (1, ?)', now)
      this.revokedAt = now
    }
    return { revokedAt: this.revokedAt }
  }

  /** How many records wait for D1 (tests and operators). */
  waitingRecords(): number {
    return this.outbox.waiting()
  }

  /** Writes the records that wait; what D1 did not take is tried again later. */
  override async alarm(): Promise<void> {
    this.flushAt = null
    const written = await this.outbox.flush()
    const counted = await this.refusals.flush(
      (counts) => writeRefusalCounts(this.env.DB, counts),
      Date.now(),
    )
    if (this.outbox.waiting() > 0 || this.refusals.unwritten()) {
      this.flushWithin(written && counted ? this.recordFlushMs : OUTBOX_RETRY_MS)
    }
  }

  private sweep(now: number): void {
    if (now - this.sweptAt < SWEEP_EVERY_MS && now >= this.sweptAt) return
    this.sweptAt = now
    this.sql.exec('DELETE FROM nonces WHERE expires_at <= ?', now)
    this.sql.exec('DELETE FROM idempotency WHERE expires_at <= ?', now)
  }
}
