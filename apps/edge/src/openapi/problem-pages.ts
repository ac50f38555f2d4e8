/**
 * What each problem `code` means and what the caller does about it: the text of the page each
 * problem's `type` URI (`/problems/<code>`) answers. Keyed by {@link ProblemCode}, so a new code
 * does not type-check until it is explained here.
 *
 * @module
 */
import type { ProblemCode } from '../problems'

/** The explanation of one code. */
export interface ProblemHelp {
  /** When the gateway answers it. */
  readonly when: string
  /** What to do about it; "Retry" means the same request, same Idempotency-Key, signed afresh. */
  readonly action: string
  /** Whether `@chatapps/client` retries it by itself. */
  readonly retried: boolean
}

const RESIGN = 'Fix the signer (see the signing guide, docs/signing.md in the chatapps repository).'

/** Every code the gateway answers with, explained. */
export const PROBLEM_HELP: Readonly<Record<ProblemCode, ProblemHelp>> = {
  signature_missing: {
    when: 'The request has no `Signature` or no `Signature-Input` field.',
    action: `Sign every call to /v1/ with profile chatapps-v1. ${RESIGN}`,
    retried: false,
  },
  signature_malformed: {
    when: 'The signature fields do not parse under the profile: not exactly one label `sig1`, a parameter missing or of the wrong type (`created` and `expires` are integers), `tag` not `chatapps-v1`, or a nonce that is not 22 to 128 base64url characters.',
    action: RESIGN,
    retried: false,
  },
  signature_insufficient_coverage: {
    when: 'A required component is not covered: `"@method" "@authority" "@path" "@query"`, and on a request with a body also `"content-type" "content-digest" "idempotency-key"`; `"prefer"` when the request carries `Prefer`.',
    action: `Cover every required component. The \`Accept-Signature\` field of the answer lists them. ${RESIGN}`,
    retried: false,
  },
  signature_expired: {
    when: '`created` is more than 300 s old or more than 60 s ahead of the gateway, `expires` is past or not after `created`, or `expires - created` is over 300.',
    action: "Sign each attempt with the current time, and check the machine's clock.",
    retried: false,
  },
  signature_invalid: {
    when: 'The key id is unknown or revoked, `alg` is not the algorithm the key is registered with, or the signature does not verify. The answer is the same for each cause, on purpose.',
    action:
      'Check, in order: the key id is registered and active (`pnpm keys list`); you registered the public key and sign with the private one; `alg` matches the key; the clock; the `@authority` you signed is the host the gateway sees.',
    retried: false,
  },
  digest_mismatch: {
    when: '`Content-Digest` is missing on a body, has no `sha-256` member, or is not the SHA-256 of the bytes received.',
    action: 'Serialise the body once, and digest and send exactly those bytes.',
    retried: false,
  },
  idempotency_key_invalid: {
    when: '`Idempotency-Key` is missing on a POST, or is not a quoted string of 1 to 255 printable ASCII characters.',
    action: 'Send `Idempotency-Key: "<your key>"`, quotes included; one key per logical send.',
    retried: false,
  },
  payload_too_large: {
    when: 'The body is over the limit (256 KiB on signed routes, 64 KiB on the webhook).',
    action: 'Split the batch into smaller ones.',
    retried: false,
  },
  signature_replayed: {
    when: 'This nonce was already used with this key id in the last 420 s.',
    action: 'Use a fresh nonce for every attempt (and the same Idempotency-Key for a retry).',
    retried: true,
  },
  idempotency_key_reused: {
    when: 'This Idempotency-Key was used by this key id within 24 h for another request: another body, path or mode.',
    action: 'A new send needs a new Idempotency-Key.',
    retried: false,
  },
  idempotency_key_in_flight: {
    when: "The first request with this Idempotency-Key is still running: its claim's lease (the route's call to 8x8 and 30 s) has not ended. `Retry-After` is the seconds left of it (1 to 5). A request held up past its lease whose claim a retry took meanwhile is answered so too: it sent nothing.",
    action: "Retry after `Retry-After`: you then get the first request's answer.",
    retried: true,
  },
  unavailable: {
    when: 'The gateway could not reach its key store, its admission object, or its queue. Nothing was sent.',
    action: 'Retry after `Retry-After`.',
    retried: true,
  },
  forbidden: {
    when: 'The key may not call this route, or may not send this message type.',
    action:
      'Ask the operator to allow it: `pnpm keys add … --routes … --types …` registers a key with the routes and types it needs.',
    retried: false,
  },
  rate_limited: {
    when: "Over the key's rate limit.",
    action: 'Retry after `Retry-After`, or ask the operator for a higher `--rate`.',
    retried: true,
  },
  not_found: {
    when: "No such route, or no such message for this key (another key's message is not found either).",
    action: 'Check the path and the message id.',
    retried: false,
  },
  method_not_allowed: {
    when: 'The route exists but not with this method; `Allow` lists the methods it takes.',
    action: 'Use a method listed in `Allow`.',
    retried: false,
  },
  unsupported_media_type: {
    when: 'The body is not `application/json`.',
    action: 'Send `Content-Type: application/json` (a `charset` parameter is fine).',
    retried: false,
  },
  malformed_json: {
    when: 'The body is not UTF-8, not strict JSON, or has a duplicate key, a `__proto__` key, a lone surrogate, an overflowing number, or nesting deeper than 64. `detail` says what and where.',
    action: 'Fix the body.',
    retried: false,
  },
  invalid_message: {
    when: 'The message breaks a rule of 8x8 or WhatsApp. `issues` lists each issue with its path (in a batch, paths start with `messages.<index>`).',
    action: 'Fix each issue; `@chatapps/dsl` reports the same issues before you send.',
    retried: false,
  },
  invalid_event: {
    when: 'A webhook body that is not an 8x8 event (answered to 8x8, not to clients).',
    action: "Check the webhook's configuration at 8x8.",
    retried: false,
  },
  webhook_unauthorized: {
    when: "The webhook's `Authorization` is missing or not the configured value (answered to 8x8).",
    action: "Configure 8x8's webhook with the gateway's WEBHOOK_AUTHORIZATION value.",
    retried: false,
  },
  admin_unauthorized: {
    when: 'An admin route without `Authorization: Bearer <ADMIN_TOKEN>` (answered to operators).',
    action: 'Send the operator token.',
    retried: false,
  },
  upstream_rejected: {
    when: "8x8 refused the message; `upstream` carries 8x8's code and message.",
    action: "Fix the message as 8x8's message says; retrying sends the same refusal.",
    retried: false,
  },
  upstream_unavailable: {
    when: '8x8 could not take the message (it rate-limited, was unavailable or unreachable before taking it), or the circuit breaker holds requests back.',
    action: 'Retry after `Retry-After`.',
    retried: true,
  },
  upstream_outcome_unknown: {
    when: "8x8 may have taken the message but its answer was lost: it answered 500, or a 2xx without a `umid`, or the connection was lost after the request was written (502), or it did not answer in time (504). `id` and `Location` name the record, which stays `unknown` until 8x8's receipt settles it.",
    action:
      'Do not send it again: follow `GET /v1/messages/{id}` or your callbacks. This answer is final for its Idempotency-Key and is replayed to a retry, so a retry never sends a second copy.',
    retried: false,
  },
  internal_error: {
    when: 'Something unexpected, or a configuration that does not validate (the log names it).',
    action: 'Report it to the operator; a retry runs the request again.',
    retried: false,
  },
  recipient_opted_out: {
    when: 'The recipient opted out (sent a stop keyword such as STOP, or an operator suppressed it); or blocked the sender on Viber (8x8 2007) and the message can reach no channel but Viber; or opted out of marketing messages (8x8 1051) and the message is a template registered as MARKETING sent over WhatsApp only. `recipient` names it, `detail` says which. Nothing was sent. In a batch, that message is listed under `refused` and the others go.',
    action:
      'Do not send to this recipient until it opts in again (sends START or UNSTOP) or an operator removes the suppression; `GET /v1/contacts/{recipient}` shows the consent history.',
    retried: false,
  },
  outside_service_window: {
    when: "The key's policy is `serviceWindow: enforce` and a non-template message whose only channel is WhatsApp was sent more than 24 hours after the recipient's last message (or after a 1022 receipt closed the window); `windowClosedAt` says when it closed (null: the recipient never wrote). Nothing was sent.",
    action: 'Send an approved template message instead, or wait for the recipient to write.',
    retried: false,
  },
  template_mismatch: {
    when: "The key's policy is `templateCheck: enforce` and a template send does not fit the template 8x8 has registered for the key's sub-account (as the gateway's registry last synced it): an unknown name or language, a template that is not approved (paused, rejected, …), a wrong number of body parameters, a missing or wrong header, a button index or sub-type the template does not have. `issues` lists each with its `path`, `message`, stable `rule` and the 8x8 error `code` a real send would draw (null: 8x8 takes it and WhatsApp fails it later). Nothing was sent. In a batch, that message is listed under `refused` and the others go.",
    action:
      'Fix the send to fit the template `GET /v1/templates` describes (its `parameters`), or use an approved template. A template approved moments ago is known once its approval event or the next sync (each minute) reaches the gateway.',
    retried: false,
  },
  // The conversation routes.
  inbound_too_old: {
    when: '`POST /v1/inbound/{umid}/typing` more than 2 hours after that inbound message (8x8 shows a typing indicator only within 2 hours). `receivedAt` and `typingUntil` say when.',
    action: 'Do not retry: answer the customer with a message instead.',
    retried: false,
  },
  typing_unsupported: {
    when: "`POST /v1/inbound/{umid}/typing` for an inbound message on a channel 8x8 shows no typing indicator on: 8x8 shows one only on WhatsApp and RCS (not Viber, LINE, SMS or any other). `channel` names the message's channel. Nothing was sent to 8x8.",
    action: 'Do not retry: answer the customer with a message instead.',
    retried: false,
  },
  not_cancellable: {
    when: '`DELETE /v1/messages/{id}` or `DELETE /v1/batches/{batchId}` when 8x8 holds nothing scheduled to cancel: the message was sent already, was never scheduled, is past cancelling (`delivered`, `read`, `rejected`, `failed`, `undelivered`: the detail names the state), or 8x8 has not taken it yet (no `umid`); or the outcome of an earlier cancel is unknown (8x8 failed answering it) and 8x8 holds nothing under the message past its scheduled time: that cancel took effect, or it was sent; or, with `Retry-After`, while an attempt to send it, or another request cancelling it at 8x8, is in flight.',
    action:
      'With `Retry-After`, ask again after it. Otherwise read the record (`GET /v1/messages/{id}`): it follows its receipts, which also tell whether an earlier cancel with no known outcome took effect. A message without a `umid` yet can be cancelled once it has one.',
    retried: false,
  },
}
