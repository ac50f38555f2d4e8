/**
 * The rules of a message that span its envelope and its content, checked after the message's own
 * schema: the limits of the channels its `channels` name (Viber takes a text of 1,000
 * characters, RCS 3,072), which channels a Viber `buttons` message can go through, and the
 * subset of messages WhatsApp Direct Send supports. Without `channels`, the sub-account's own
 * sequence decides, which the message cannot know: only the general limits apply then.
 *
 * @module
 */
import * as v from 'valibot'
import { codePoints } from '../internal/code-points'
import { LIMITS } from '../limits'

/** @internal One broken rule: where, as keys from the message's root, and what. */
export interface RuleIssue {
  readonly path: readonly (string | number)[]
  readonly message: string
  /** The limit, as valibot's own issues say it (`<=1000`), when there is one. */
  readonly expected?: string
  /** What was received, in the same short form (a length, a number). */
  readonly received?: string
}

type Wire = Record<string, unknown>
const NONE: readonly RuleIssue[] = Object.freeze([])
const isObject = (value: unknown): value is Wire => typeof value === 'object' && value !== null

/**
 * The limits of `content.text` on a channel, by message type (`*` for any type). RCS captions
 * (2,000) are looser than the general 1,024, so only RCS text needs a rule.
 */
const TEXT_LIMITS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  Viber: { '*': LIMITS.viberText.max },
  RCS: { text: LIMITS.rcsText.max },
}

function channelNames(message: Wire): string[] {
  const channels = message.channels
  if (!Array.isArray(channels)) return []
  return channels.map((channel) => (isObject(channel) ? String(channel.channel) : ''))
}

function channelLimits(message: Wire, content: Wire, names: readonly string[]): RuleIssue[] {
  const issues: RuleIssue[] = []
  const type = String(message.type)
  for (const name of new Set(names)) {
    const limits = TEXT_LIMITS[name]
    const max = limits?.[type] ?? limits?.['*']
    if (max !== undefined && typeof content.text === 'string') {
      const length = codePoints(content.text)
      if (length > max) {
        issues.push({
          path: ['content', 'text'],
          message: `Invalid length: ${name} takes at most ${max} characters but received ${length}`,
          expected: `<=${max}`,
          received: `${length}`,
        })
      }
    }
    const video = content.video
    if (name === 'Viber' && isObject(video) && typeof video.duration === 'number') {
      if (video.duration > LIMITS.viberVideoDuration.max) {
        issues.push({
          path: ['content', 'video', 'duration'],
          message: `Invalid number: Viber plays videos of at most ${LIMITS.viberVideoDuration.max} seconds`,
          expected: `<=${LIMITS.viberVideoDuration.max}`,
          received: `${video.duration}`,
        })
      }
    }
  }
  return issues
}

function directSend(message: Wire, content: Wire): RuleIssue[] {
  const whatsApp = content.whatsApp
  if (!isObject(whatsApp) || whatsApp.directSend === undefined) return []
  const path = ['content', 'whatsApp', 'directSend']
  if (message.type === 'text') return []
  const interactive = content.interactive
  if (
    message.type !== 'interactive' ||
    !isObject(interactive) ||
    (interactive.type !== 'cta_url' && interactive.type !== 'button')
  ) {
    return [
      {
        path,
        message:
          'Invalid message: Direct Send takes text, a cta_url or reply buttons, nothing else',
      },
    ]
  }
  const header = interactive.header
  if (isObject(header) && header.type !== 'text') {
    return [
      {
        path: ['content', 'interactive', 'header', 'type'],
        message: 'Invalid header: Direct Send takes only text headers',
      },
    ]
  }
  return []
}

/**
 * @internal The cross-field rules a valid message breaks; none for most messages (it returns at
 * once when the message names no channels and has no Direct Send settings).
 */
export function channelRuleIssues(message: unknown): readonly RuleIssue[] {
  if (!isObject(message) || !isObject(message.content)) return NONE
  const content = message.content
  if (message.channels === undefined && content.whatsApp === undefined) return NONE
  const names = channelNames(message)
  const issues = directSend(message, content)
  if (names.length === 0) return issues
  if (message.type === 'buttons' && !names.includes('Viber')) {
    issues.push({
      path: ['channels'],
      message: 'Invalid channels: a buttons message is Viber’s, so channels must include Viber',
    })
  }
  return [...issues, ...channelLimits(message, content, names)]
}

/** The keys of a path, as valibot path items (`input` and `value` as they are in the message). */
function pathItems(message: Wire, keys: readonly (string | number)[]): v.IssuePathItem[] {
  const items: v.IssuePathItem[] = []
  let input: unknown = message
  for (const key of keys) {
    const value = isObject(input) ? input[key] : undefined
    items.push({ type: 'object', origin: 'value', input: input as Wire, key: String(key), value })
    input = value
  }
  return items
}

/** @internal The rules as a valibot action, for the end of `MessageSchema`'s pipe. */
export function channelRules<TMessage>(): v.RawCheckAction<TMessage> {
  return v.rawCheck<TMessage>(({ dataset, addIssue }) => {
    if (!dataset.typed) return
    const message = dataset.value as Wire
    for (const issue of channelRuleIssues(message)) {
      const path = pathItems(message, issue.path) as [v.IssuePathItem, ...v.IssuePathItem[]]
      const at = path[path.length - 1] as v.IssuePathItem
      addIssue({
        message: issue.message,
        path,
        input: at.value,
        ...(issue.expected === undefined ? {} : { expected: issue.expected }),
        ...(issue.received === undefined ? {} : { received: issue.received }),
      })
    }
  })
}
