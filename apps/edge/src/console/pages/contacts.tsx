/**
 * Contacts and suppressions of a sub-account: the suppressed recipients (D1's index), one
 * recipient's contact as its Durable Object holds it, and suppressing or lifting one (every fact,
 * or one of several).
 *
 * @module
 */
import type { FC } from 'hono/jsx'
import type { Suppression } from '../../db/suppressions'
import type { ContactState } from '../../objects/contact/protocol'
import { Notice, PostForm, time } from '../layout'

/** The contacts page's body. */
export const ContactsPage: FC<{
  subAccount: string
  recipient: string
  suppressions: readonly Suppression[]
  contact: ContactState | null
  csrf: string
  done: string | undefined
}> = ({ subAccount, recipient, suppressions, contact, csrf, done }) => (
  <>
    <Notice text={done} />
    <form class="search" method="get" action="/console/contacts">
      <label>
        Sub-account
        <input name="subAccount" value={subAccount} required />
      </label>
      <label>
        Recipient
        <input name="recipient" value={recipient} />
      </label>
      <button type="submit">Show</button>
    </form>
    {contact === null ? null : (
      <>
        <h2>{`Contact ${recipient}`}</h2>
        <dl>
          <dt>Consent</dt>
          <dd>
            {/* Every fact that holds, strongest first: a 1051 and a Viber block show both. */}
            {contact.consent.facts.length === 0
              ? contact.consent.state
              : contact.consent.facts.map((fact) => fact.state).join(', ')}
          </dd>
          <dt>Service window</dt>
          <dd>
            {contact.window.open
              ? `open until ${time(contact.window.openUntil)}`
              : `closed (${time(contact.window.closedAt)})`}
          </dd>
          <dt>Last inbound</dt>
          <dd>{time(contact.lastInboundAt)}</dd>
          <dt>Last outbound</dt>
          <dd>{time(contact.lastOutboundAt)}</dd>
          <dt>Pacing</dt>
          <dd>{`${contact.pacing.ratePerSecond}/s, burst ${contact.pacing.burst}`}</dd>
        </dl>
        <PostForm action="/console/contacts/consent" csrf={csrf}>
          <input type="hidden" name="subAccount" value={subAccount} />
          <input type="hidden" name="recipient" value={recipient} />
          {contact.consent.state === 'subscribed' ? (
            <button type="submit" name="state" value="opted_out">
              Suppress
            </button>
          ) : (
            <button type="submit" name="state" value="subscribed">
              Lift suppression
            </button>
          )}
          {/* With more than one fact, each can be lifted alone (docs/conversations.md, Consent). */}
          {contact.consent.facts.length < 2
            ? null
            : contact.consent.facts.map((fact) => (
                <button type="submit" name="fact" value={fact.state}>
                  {`Lift ${fact.state} only`}
                </button>
              ))}
        </PostForm>
      </>
    )}
    {subAccount === '' ? null : (
      <>
        <h2>{`Suppressed recipients of ${subAccount}`}</h2>
        {suppressions.length === 0 ? (
          <p>None.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Recipient</th>
                <th>State</th>
                <th>By</th>
                <th>Reason</th>
                <th>Since</th>
              </tr>
            </thead>
            <tbody>
              {suppressions.map((row) => (
                <tr>
                  <td>
                    <a
                      href={`/console/contacts?subAccount=${encodeURIComponent(subAccount)}&recipient=${encodeURIComponent(row.recipient)}`}
                    >
                      {row.recipient}
                    </a>
                  </td>
                  <td>{row.state}</td>
                  <td>{row.by}</td>
                  <td>{row.reason}</td>
                  <td>{time(row.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>
    )}
  </>
)
