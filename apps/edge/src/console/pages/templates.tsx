/**
 * The template registry (docs/templates.md): each configured channel's last sync, and the
 * templates it holds with their status and quality.
 *
 * @module
 */
import type { FC } from 'hono/jsx'
import type { ChannelSync, StoredTemplate } from '../../db/templates'
import { time } from '../layout'

/** The templates page's body. */
export const TemplatesPage: FC<{
  syncs: readonly ChannelSync[]
  templates: readonly StoredTemplate[]
}> = ({ syncs, templates }) => (
  <>
    <h2>Channels</h2>
    <table>
      <thead>
        <tr>
          <th>Channel</th>
          <th>Sub-account</th>
          <th>Last sync</th>
          <th>Last attempt</th>
          <th>Templates</th>
          <th>Last error</th>
        </tr>
      </thead>
      <tbody>
        {syncs.map((sync) => (
          <tr>
            <td>{sync.channelId}</td>
            <td>{sync.subAccount}</td>
            <td>{sync.syncedAt === null ? 'never' : time(sync.syncedAt)}</td>
            <td>{time(sync.attemptedAt)}</td>
            <td>{sync.templateCount}</td>
            <td>{sync.error ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
    <h2>Templates</h2>
    <table>
      <thead>
        <tr>
          <th>Channel</th>
          <th>Name</th>
          <th>Language</th>
          <th>Status</th>
          <th>Quality</th>
          <th>Category</th>
          <th>Synced</th>
        </tr>
      </thead>
      <tbody>
        {templates.map((template) => (
          <tr>
            <td>{template.channelId}</td>
            <td>
              <code>{template.name}</code>
            </td>
            <td>{template.language}</td>
            <td class={template.status === 'approved' ? 'state-delivered' : 'state-failed'}>
              {template.status}
            </td>
            <td>{template.quality ?? '—'}</td>
            <td>{template.category ?? '—'}</td>
            <td>{time(template.syncedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </>
)
