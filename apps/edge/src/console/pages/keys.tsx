/**
 * Client keys: list (never their key material nor callback secret), add and rotate to an
 * ed25519 public key, revoke, change the callback URL. HMAC keys are secrets: `pnpm keys` adds
 * them, so that no secret passes through a browser.
 *
 * @module
 */
import type { FC } from 'hono/jsx'
import type { KeySummary } from '../../db/keys'
import { Notice, PostForm, time } from '../layout'

/** The keys page's body. */
export const KeysPage: FC<{
  keys: readonly KeySummary[]
  csrf: string
  done: string | undefined
  error: string | undefined
}> = ({ keys, csrf, done, error }) => (
  <>
    <Notice text={done} />
    <Notice text={error} error />
    <table>
      <thead>
        <tr>
          <th>Key</th>
          <th>Alg</th>
          <th>Sub-account</th>
          <th>Status</th>
          <th>Rate</th>
          <th>Window</th>
          <th>Templates</th>
          <th>Callback URL</th>
          <th>Created</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => (
          <tr>
            <td>
              <code>{key.keyId}</code>
            </td>
            <td>{key.alg}</td>
            <td>{key.subAccount}</td>
            <td>{key.status}</td>
            <td>{`${key.ratePerSecond}/s, burst ${key.rateBurst}`}</td>
            <td>{key.serviceWindow}</td>
            <td>{key.templateCheck}</td>
            <td>
              {key.status === 'active' && key.hasCallbackSecret ? (
                <PostForm
                  action={`/console/keys/${encodeURIComponent(key.keyId)}/callback`}
                  csrf={csrf}
                >
                  <input
                    name="url"
                    value={key.callbackUrl ?? ''}
                    aria-label={`Callback URL of ${key.keyId}`}
                  />
                  <button type="submit">Save</button>
                </PostForm>
              ) : (
                (key.callbackUrl ?? '—')
              )}
            </td>
            <td>{time(key.createdAt)}</td>
            <td>
              {key.status === 'active' ? (
                <PostForm
                  action={`/console/keys/${encodeURIComponent(key.keyId)}/revoke`}
                  csrf={csrf}
                >
                  <button type="submit" aria-label={`Revoke ${key.keyId}`}>
                    Revoke
                  </button>
                </PostForm>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    <h2>Add an ed25519 key</h2>
    <PostForm action="/console/keys" csrf={csrf} class="search">
      <label>
        Key id
        <input name="keyId" required />
      </label>
      <label>
        Sub-account
        <input name="subAccount" required />
      </label>
      <label>
        Public key (SPKI, base64)
        <input name="publicKey" required size={60} />
      </label>
      <button type="submit">Add key</button>
    </PostForm>
    <h2>Rotate a key</h2>
    <p>
      The new key takes every setting of the old one; both stay active until you revoke the old.
    </p>
    <PostForm action="/console/keys/rotate" csrf={csrf} class="search">
      <label>
        Old key id
        <input name="oldKeyId" required />
      </label>
      <label>
        New key id
        <input name="keyId" required />
      </label>
      <label>
        New public key (SPKI, base64)
        <input name="publicKey" required size={60} />
      </label>
      <button type="submit">Rotate</button>
    </PostForm>
  </>
)
