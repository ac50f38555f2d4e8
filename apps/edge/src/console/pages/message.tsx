/**
 * One message: its record, the request as sent to 8x8, its status history (8x8's receipts),
 * every delivery attempt with its outcome, every callback attempt with the client's answer, and
 * its replays; a dead letter can be replayed from here.
 *
 * @module
 */
import type { FC } from 'hono/jsx'
import type { HistoryEntry } from '../../db/messages/read'
import type { Replay } from '../../db/messages/replay'
import type { MessageDetail } from '../../db/messages/search'
import { PostForm, time } from '../layout'

/** The request, indented, when it is JSON. */
function pretty(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2)
  } catch {
    return payload
  }
}

/**
 * A state with the channel it is of, when a receipt named one: a message that fell back says
 * where it got to (`delivered · sms`).
 */
function stateOn(state: string, channel: string | null | undefined): string {
  return channel === null || channel === undefined ? state : `${state} · ${channel}`
}

/** The message page's body. */
export const MessagePage: FC<{
  detail: MessageDetail
  history: readonly HistoryEntry[]
  replays: readonly Replay[]
  deadLetter: boolean
  csrf: string
}> = ({ detail, history, replays, deadLetter, csrf }) => (
  <>
    <dl>
      <dt>Gateway id</dt>
      <dd>
        <code>{detail.id}</code>
      </dd>
      <dt>State</dt>
      <dd class={`state-${detail.status}`}>{stateOn(detail.status, detail.statusChannel)}</dd>
      <dt>Reason</dt>
      <dd>{detail.reason ?? '—'}</dd>
      {detail.cancel === null ? null : (
        <>
          <dt>Cancel</dt>
          <dd>
            outcome unknown since {detail.cancel.timestamp}: {detail.cancel.reason}
          </dd>
        </>
      )}
      {detail.duplicateUmid === null ? null : (
        <>
          <dt>Sent twice</dt>
          <dd>
            8x8 took another copy as <code>{detail.duplicateUmid}</code>: the recipient may get both
          </dd>
        </>
      )}
      {detail.earlierTryAt === null ? null : (
        <>
          <dt>Maybe sent twice</dt>
          <dd>
            it took over the claim of an earlier try ({time(detail.earlierTryAt)}) that ended
            without an answer and may have reached 8x8
          </dd>
        </>
      )}
      <dt>Key</dt>
      <dd>{detail.keyId}</dd>
      <dt>Sub-account</dt>
      <dd>{detail.subAccount}</dd>
      <dt>Recipient</dt>
      <dd>{detail.recipient ?? '—'}</dd>
      <dt>clientMessageId</dt>
      <dd>{detail.clientMessageId}</dd>
      <dt>umid</dt>
      <dd>{detail.umid ?? '—'}</dd>
      <dt>Batch</dt>
      <dd>{detail.batchId ?? '—'}</dd>
      <dt>Created</dt>
      <dd>{time(detail.createdAt)}</dd>
      <dt>Updated</dt>
      <dd>{time(detail.updatedAt)}</dd>
    </dl>
    {deadLetter ? (
      <PostForm action="/console/dead-letters/replay" csrf={csrf}>
        <input type="hidden" name="id" value={detail.id} />
        <button type="submit">Replay this dead letter</button>
      </PostForm>
    ) : null}
    <h2>Request as sent</h2>
    {detail.payload === null ? (
      <p>Not kept: recorded before the gateway kept a synchronous send's request.</p>
    ) : (
      <pre>{pretty(detail.payload)}</pre>
    )}
    <h2>Status history</h2>
    {history.length === 0 ? (
      <p>No receipt from 8x8.</p>
    ) : (
      <table>
        <thead>
          <tr>
            <th>State</th>
            <th>8x8's time</th>
            <th>Received</th>
            <th>Detail</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {history.map((entry) => (
            <tr>
              <td class={`state-${entry.state}`}>{stateOn(entry.state, entry.channel)}</td>
              <td>{entry.timestamp}</td>
              <td>{entry.receivedAt}</td>
              <td>{entry.detail ?? '—'}</td>
              <td>
                {entry.errorCode === undefined
                  ? '—'
                  : `${String(entry.errorCode)} ${entry.errorMessage ?? ''}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
    <h2>Delivery attempts</h2>
    {detail.deliveryAttempts.length === 0 ? (
      <p>
        {/* A synchronous send is its record's one attempt; the queue's attempts have rows. */}
        {detail.attempts > 0
          ? `Sent synchronously: ${detail.attempts} attempt, answered to the caller.`
          : 'No attempt recorded yet.'}
      </p>
    ) : (
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>At</th>
            <th>Outcome</th>
            <th>HTTP</th>
            <th>Detail</th>
            <th>Took</th>
          </tr>
        </thead>
        <tbody>
          {detail.deliveryAttempts.map((attempt) => (
            <tr>
              <td>{attempt.attempt}</td>
              <td>{time(attempt.at)}</td>
              <td class={`outcome-${attempt.outcome}`}>{attempt.outcome}</td>
              <td>{attempt.httpStatus ?? '—'}</td>
              <td>{attempt.detail ?? '—'}</td>
              <td>{`${attempt.durationMs} ms`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
    <h2>Callback attempts</h2>
    {detail.callbackAttempts.length === 0 ? (
      <p>No callback posted.</p>
    ) : (
      <table>
        <thead>
          <tr>
            <th>webhook-id</th>
            <th>#</th>
            <th>Event</th>
            <th>At</th>
            <th>Outcome</th>
            <th>Client's answer</th>
          </tr>
        </thead>
        <tbody>
          {detail.callbackAttempts.map((attempt) => (
            <tr>
              <td>
                <code>{attempt.webhookId}</code>
              </td>
              <td>{attempt.attempt}</td>
              <td>{attempt.eventType}</td>
              <td>{time(attempt.at)}</td>
              <td class={`outcome-${attempt.outcome}`}>{attempt.outcome}</td>
              <td>{attempt.httpStatus ?? attempt.detail ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
    {replays.length === 0 ? null : (
      <>
        <h2>Replays</h2>
        <ul>
          {replays.map((replay) => (
            <li>
              {`${time(replay.replayedAt)} by ${replay.by}`}
              {replay.previousReason === null ? '' : ` (was: ${replay.previousReason})`}
            </li>
          ))}
        </ul>
      </>
    )}
  </>
)
