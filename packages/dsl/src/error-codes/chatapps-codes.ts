/**
 * 8x8's error codes, in one table, each with what it means and what a sender should do about it.
 * Written in this package's own words from 8x8's public pages:
 *
 * - API error codes, the `code` of 8x8's synchronous error envelope (shared by the SMS and
 *   Messaging Apps APIs): https://developer.8x8.com/connect/docs/api-error-codes (7001 and the
 *   429 envelope from 8x8's OpenAPI document,
 *   https://github.com/8x8Cloud/public-developer-docs/blob/master/docs_oas/connect/business_messaging_api.json).
 * - Delivery-receipt error codes, the `status.errorCode` of a Messaging Apps receipt (general,
 *   WhatsApp with the Meta Cloud API code behind each, Viber):
 *   https://developer.8x8.com/connect/docs/delivery-error-codes (57 from 8x8's help-centre copy,
 *   https://support.cpaas.8x8.com/hc/en-us/articles/59375027800089-Messaging-Apps-Delivery-Receipt-Error-Codes;
 *   1052-1054 and Viber 2022-2025 from the page's source at 8x8Cloud/public-developer-docs
 *   859e59a, docs/connect/docs/delivery-error-codes.md, and Meta's 131062 behind 1054 from
 *   docs/connect/docs/whatsapp/whatsapp-business-scoped-user-ids.md).
 *
 * A row whose `reason` is `null` is a code inside a range 8x8 uses (WhatsApp 1000-1054, Viber
 * 2000-2025) that no 8x8 page we could read describes: it stays undocumented rather than guessed.
 *
 * Only `explain.ts` reads this module, so a bundle that never calls `explainError` does not carry
 * it.
 *
 * @module
 */
/**
 * What an error calls for, from the sender's side. A closed set: branch on it.
 *
 * - `retry`: a passing fault at 8x8 or the channel; the same message may be sent again, with
 *   the usual backoff.
 * - `back_off`: a rate, throughput or session limit was hit; slow down (for this sub-account,
 *   number or recipient) and send again later, after `Retry-After` when there is one.
 * - `fix_message`: the message itself is wrong (content, parameters, recipient address, type for
 *   the conversation window); sent again unchanged, it fails again.
 * - `suppress_recipient`: this recipient cannot or does not want to get it on this channel (not a
 *   user, blocked, opted out, unreachable by policy); stop sending to them there, or use another
 *   channel.
 * - `refresh_template`: the template is missing, paused, disabled, being deleted or no longer
 *   matches what was sent; load the approved template again, then rebuild the message.
 * - `fix_configuration`: the account, key, sub-account, channel or phone number is not set up
 *   right; an operator must act, and no change to the message helps.
 * - `contact_support`: 8x8 gives no reason to act on (an unknown or undocumented code, an
 *   unexplained rejection); ask 8x8 with the `errorId` or `umid`.
 * - `none`: nothing to do: not a failure, or one the sender cannot act on (do not retry).
 */
export type ErrorAction =
  | 'retry'
  | 'back_off'
  | 'fix_message'
  | 'suppress_recipient'
  | 'refresh_template'
  | 'fix_configuration'
  | 'contact_support'
  | 'none'

/**
 * What a receipt's error tells of the recipient, beyond the one message: the gateway's contact
 * policy keeps these per recipient.
 *
 * - `window_closed`: WhatsApp's 24-hour customer-service window is closed (1022).
 * - `pair_rate`: Meta's rate limit for this business number and this user was hit (1028).
 * - `marketing_opt_out`: the user opted out of this business's marketing messages (1051).
 * - `blocked`: the user blocked the sender or all business messages (Viber 2007).
 */
export type ErrorEffect = 'window_closed' | 'pair_rate' | 'marketing_opt_out' | 'blocked'

/** The receipt codes with an {@link ErrorEffect}; every other code has none. */
export const RECEIPT_EFFECTS: ReadonlyMap<number, ErrorEffect> = new Map([
  [1022, 'window_closed'],
  [1028, 'pair_rate'],
  [1051, 'marketing_opt_out'],
  [2007, 'blocked'],
])

/** `[code, action, reason, meaning, metaCode?]`; `reason` and `meaning` `null` when undocumented. */
export type ErrorRow = readonly [
  code: number,
  action: ErrorAction,
  reason: string | null,
  meaning: string | null,
  metaCode?: number,
]

/** The page each table comes from. */
export const API_SOURCE = 'https://developer.8x8.com/connect/docs/api-error-codes'
/** The page the receipt tables come from. */
export const RECEIPT_SOURCE = 'https://developer.8x8.com/connect/docs/delivery-error-codes'

const MSG = 'fix_message'
const CFG = 'fix_configuration'
const TPL = 'refresh_template'

/** The `code` of 8x8's error envelope (HTTP 400 and above). */
export const API_CODES: readonly ErrorRow[] = [
  [429, 'back_off', 'Quota exceeded', 'Too many requests: wait for Retry-After, then send again.'],
  [1000, MSG, 'Invalid parameter', 'A request parameter is not valid; `message` names it.'],
  [1001, CFG, 'Illegal sub-account', 'The sub-account id is unknown or not this account’s.'],
  [
    1002,
    MSG,
    'Invalid MSISDN',
    'The recipient’s number is not a valid international (E.164) number.',
  ],
  [1003, MSG, 'Invalid encoding', 'The SMS encoding is not one 8x8 accepts.'],
  [1004, MSG, 'Invalid text', 'The text is not acceptable.'],
  [
    1005,
    MSG,
    'Invalid source',
    'The SMS sender (source) is not valid. 8x8’s WhatsApp pages also use 1005 for invalid parameters: read `message`.',
  ],
  [1006, MSG, 'Invalid expiry', 'The expiry is not valid.'],
  [1007, MSG, 'Invalid SMS template', 'The SMS template is not valid.'],
  [1008, MSG, 'Invalid id', 'An id in the request is not valid.'],
  [1009, MSG, 'Invalid country code', 'The country code is not valid.'],
  [1010, MSG, 'Parameter out of range', 'A parameter is outside its allowed range.'],
  [1011, MSG, 'Invalid schedule time', 'The scheduled time is not valid.'],
  [1012, CFG, 'IP address not allowed', 'The request came from an IP address 8x8 does not allow.'],
  [1014, CFG, 'Insecure protocol', 'The TLS version is too old; connect with TLS 1.2 or later.'],
  [1100, 'back_off', 'Bulk limit reached', 'A bulk sending limit was reached: send less at once.'],
  [1200, CFG, 'Unauthorized', 'The API key is missing, wrong or revoked.'],
  [1201, CFG, 'Access forbidden', 'The API key may not do this.'],
  [1300, MSG, 'Not found', 'What the request names does not exist or has expired.'],
  [1400, 'back_off', 'Resent too soon', 'The same message was resent within the minimum interval.'],
  [2000, 'retry', 'Internal error', '8x8 failed internally; the message may be retried.'],
  [2001, MSG, 'Not implemented', 'The function asked for is not implemented.'],
  [2002, CFG, 'Unsupported API version', 'This API version is no longer supported.'],
  [2003, CFG, 'Unsupported product', 'The account is not set up for this product.'],
  [3001, MSG, 'No user', 'The message has no `user`.'],
  [3002, MSG, 'No MSISDN', 'The user has no phone number.'],
  [3003, MSG, 'Invalid MSISDN', 'The user’s phone number is not valid.'],
  [3004, MSG, 'No content', 'The message has no `content`.'],
  [3005, MSG, 'No text', 'The content has no text.'],
  [3006, MSG, 'Text too long', 'The text is longer than the channel allows.'],
  [3007, MSG, 'No media URL', 'A media message has no URL.'],
  [3008, MSG, 'Invalid media URL', 'The media URL is not valid.'],
  [3009, MSG, 'clientMessageId too long', 'The clientMessageId is longer than allowed.'],
  [3010, MSG, 'Invalid content type', 'The message type is not valid.'],
  [3011, MSG, 'SMS source too long', 'The SMS sender is longer than allowed.'],
  [3012, MSG, 'No messages', 'The batch has no messages.'],
  [3013, MSG, 'Too many messages', 'The batch has more messages than allowed.'],
  [3014, MSG, 'clientBatchId too long', 'The clientBatchId is longer than allowed.'],
  [3015, MSG, 'No user id', 'The user has no channel user id.'],
  [3016, MSG, 'No WeChat user id', 'A WeChat message has no WeChat user id.'],
  [3017, MSG, 'Fallback text too long', 'The SMS fallback text is longer than allowed.'],
  [3018, MSG, 'Invalid country code', 'The user’s country code is not valid.'],
  [3019, MSG, 'No Facebook user id', 'A Messenger message has no Facebook user id.'],
  [3020, MSG, 'Invalid receipt URL', 'The delivery-receipt callback URL is not valid.'],
  [3021, MSG, 'Invalid location', 'The location is empty or not valid.'],
  [3022, MSG, 'Invalid fallback channel', 'A fallback channel is not valid.'],
  [3023, MSG, 'Invalid fallback delay', 'A fallback delay is outside its range.'],
  [3024, MSG, 'Invalid fallback status', 'A fallback success status is not valid.'],
  [3025, MSG, 'Invalid fallback status', 'The fallback status `delivered` is not valid here.'],
  [3026, MSG, 'Invalid fallback status', 'The fallback status `read` is not valid here.'],
  [3027, CFG, 'Fallback channel missing', 'The sub-account has no such fallback channel.'],
  [3028, MSG, 'No Zalo user id', 'A Zalo message has no Zalo user id.'],
  [3029, MSG, 'No UMID', 'The request has no message id (umid).'],
  [3030, MSG, 'No template', 'The template is empty.'],
  [3031, MSG, 'Template name length', 'The template name is too short or too long.'],
  [3032, MSG, 'Invalid template name', 'The template name is not valid.'],
  [3033, MSG, 'Too many parameters', 'The template has more parameters than allowed.'],
  [3034, MSG, 'Invalid components', 'The template’s components cannot be combined this way.'],
  [3035, CFG, 'No template channel', 'The sub-account has no channel that supports templates.'],
  [3036, MSG, 'No template language', 'The template has no language.'],
  [3037, MSG, 'Invalid template language', 'The template language is not valid.'],
  [
    3038,
    TPL,
    'Template not found',
    'No approved template has this name and language on the channel.',
  ],
  [3039, MSG, 'Invalid component type', 'A template component type is not valid.'],
  [3040, MSG, 'No template parameters', 'The template’s parameters are empty.'],
  [3041, MSG, 'Invalid template parameter', 'A template parameter is not valid.'],
  [3042, MSG, 'Invalid parameter type', 'A template parameter’s type is not valid.'],
  [3043, MSG, 'Parameter too long', 'A text parameter of the template is too long.'],
  [3044, MSG, 'Empty location parameter', 'A location parameter of the template is empty.'],
  [3045, MSG, 'Parameter not allowed', 'A template parameter is not allowed here.'],
  [3046, MSG, 'Invalid parameter URL', 'A template parameter’s URL is not valid.'],
  [3047, MSG, 'No WhatsApp user id', 'A WhatsApp message has no WhatsApp user id.'],
  [3048, MSG, 'Group and user', 'A chat group id cannot be used with a user id.'],
  [3049, MSG, 'Invalid button parameter', 'A template button parameter is not valid.'],
  [3050, MSG, 'No Kakao id', 'A KakaoTalk message has no Kakao id.'],
  [3051, MSG, 'Invalid fallback channel id', 'A fallback channel id is not valid.'],
  [3052, MSG, 'Invalid component subtype', 'A template component subtype is not valid.'],
  [3053, MSG, 'Invalid index', 'A template button index is not valid.'],
  [3060, TPL, 'Template being deleted', 'The template is being deleted and cannot be used.'],
  [7001, MSG, 'File too large', 'The upload is larger than 100 MB (HTTP 413).'],
]

/** The `status.errorCode` of a delivery receipt: general, WhatsApp (with Meta's code), Viber. */
export const RECEIPT_CODES: readonly ErrorRow[] = [
  [1, 'suppress_recipient', 'Absent subscriber', 'The user is not registered on this channel.'],
  [2, MSG, 'Content not supported', 'The channel does not support this type of content.'],
  [3, MSG, 'Data missing', 'A required parameter is missing.'],
  [
    9,
    'suppress_recipient',
    'App too old',
    'The user’s app cannot receive business messages: reach them on another channel.',
  ],
  [11, 'back_off', 'Flooding', 'Too many messages to this user in a short time.'],
  [14, 'retry', 'Internal error', 'An internal error on 8x8’s side.'],
  [
    15,
    'suppress_recipient',
    'Invalid destination',
    'The user id is not valid on this channel, or is on 8x8’s block list.',
  ],
  [18, MSG, 'Invalid parameter', 'A parameter is missing or of the wrong type.'],
  [23, 'retry', 'Connection error', '8x8 could not connect to the channel.'],
  [
    25,
    'suppress_recipient',
    'Aborted',
    'The channel or the user deliberately did not take the message.',
  ],
  [29, MSG, 'Invalid value', 'A parameter value is not valid.'],
  [36, 'retry', 'Expired', 'Not delivered before it expired; send again if still relevant.'],
  [41, 'contact_support', 'Rejected by channel', 'The channel rejected the message.'],
  [42, CFG, 'No credit', 'The account wallet has not enough credit.'],
  [43, 'back_off', 'Spam filter', 'Filtered as spam, for example over a daily sending limit.'],
  [46, 'retry', 'Not reachable', 'The channel has it, but the user cannot be reached now.'],
  [57, 'contact_support', 'Unknown error', 'An error with no more specific reason.'],
  [
    61,
    MSG,
    'Session expired',
    'The conversation window closed before delivery (24 h on WhatsApp): send a template.',
  ],
  // WhatsApp: the last element is Meta's Cloud API error code.
  [1000, CFG, 'Authentication failed', 'Meta could not authenticate the app.', 0],
  [1001, CFG, 'Method not allowed', 'The app lacks a capability or permission.', 3],
  [1002, 'back_off', 'App rate limit', 'The app made too many API calls.', 4],
  [1003, CFG, 'Permission missing', 'A permission was not granted, or was removed.', 10],
  [1004, CFG, 'Number deleted', 'The business phone number has been deleted.', 33],
  [1005, MSG, 'Invalid parameter', 'A parameter is misspelled or not supported.', 100],
  [1006, CFG, 'Token expired', 'The access token has expired.', 190],
  [1007, CFG, 'Policy block', 'The account is temporarily blocked for policy violations.', 368],
  [
    1008,
    'back_off',
    'Account rate limit',
    'The WhatsApp Business Account hit a rate limit.',
    80007,
  ],
  [1009, 'back_off', 'Throughput', 'The number’s messages-per-second limit was reached.', 130429],
  [1010, 'none', 'Experiment', 'The user’s number is part of a Meta experiment.', 130472],
  [
    1011,
    'suppress_recipient',
    'Country restricted',
    'The business may not message users in this country.',
    130497,
  ],
  [1012, 'retry', 'Unknown failure', 'Something went wrong at Meta.', 131000],
  [1013, CFG, 'Access denied', 'Permission was not granted.', 131005],
  [1014, MSG, 'Missing parameter', 'A required parameter is missing.', 131008],
  [1015, MSG, 'Invalid parameter value', 'A parameter value is not valid.', 131009],
  [1016, 'retry', 'Service down', 'WhatsApp is temporarily unavailable.', 131016],
  [1017, MSG, 'Sent to self', 'The recipient is the sending number itself.', 131021],
  [
    1018,
    'suppress_recipient',
    'Undeliverable',
    'WhatsApp cannot deliver to this user (not on WhatsApp, old app or terms not accepted).',
    131026,
  ],
  [1019, CFG, 'Account locked', 'The business account is locked.', 131031],
  [1020, CFG, 'Display name', 'The display name must be approved first.', 131037],
  [1021, CFG, 'Bad certificate', 'The phone number’s certificate is not correct.', 131045],
  [
    1022,
    MSG,
    'Outside the 24-hour window',
    'The user has not written in the last 24 hours: only a template message may be sent.',
    131047,
  ],
  [1023, 'back_off', 'Spam rate limit', 'Limited because earlier messages were flagged.', 131048],
  [
    1024,
    'back_off',
    'Not delivered by Meta',
    'Meta chose not to deliver, for example a per-user marketing limit: try much later.',
    131049,
  ],
  [1025, MSG, 'Unsupported message', 'WhatsApp does not support this message type.', 131051],
  [1026, MSG, 'Media download failed', 'WhatsApp could not download the media URL.', 131052],
  [1027, MSG, 'Media upload failed', 'The media could not be uploaded.', 131053],
  [
    1028,
    'back_off',
    'Pair rate limit',
    'Too many messages from this number to this user in a short time.',
    131056,
  ],
  [1029, 'retry', 'Maintenance', 'The business account is in maintenance mode.', 131057],
  [
    1030,
    TPL,
    'Parameter count',
    'The parameters do not match the approved template’s count.',
    132000,
  ],
  [1031, TPL, 'Template missing', 'No approved template has this name in this language.', 132001],
  [1032, MSG, 'Template text too long', 'The template with its parameters is too long.', 132005],
  [1033, MSG, 'Template policy', 'The template content breaks WhatsApp’s policy.', 132007],
  [
    1034,
    TPL,
    'Parameter format',
    'A parameter does not match the approved template’s format.',
    132012,
  ],
  [1035, TPL, 'Template paused', 'The template is paused for low quality.', 132015],
  [1036, TPL, 'Template disabled', 'The template is disabled.', 132016],
  [1037, CFG, 'Flow blocked', 'The flow is blocked.', 132068],
  [1038, 'back_off', 'Flow throttled', 'The flow is throttled.', 132069],
  [1039, CFG, 'Deregistration', 'The number’s deregistration is incomplete.', 133000],
  [1040, 'retry', 'Server unavailable', 'A WhatsApp server is temporarily unavailable.', 133004],
  [1041, CFG, 'PIN mismatch', 'The two-step verification PIN is wrong.', 133005],
  [1042, CFG, 'Reverify number', 'The phone number must be verified again.', 133006],
  [1043, CFG, 'Too many PIN guesses', 'Too many two-step PIN attempts.', 133008],
  [1044, CFG, 'PIN guessed too fast', 'Two-step PIN attempts came too fast.', 133009],
  [1045, CFG, 'Number not registered', 'The business phone number is not registered.', 133010],
  [1046, CFG, 'Registration wait', 'Wait before registering the number again.', 133015],
  [1047, CFG, 'Registration limit', 'Too many register or deregister attempts.', 133016],
  [1048, 'contact_support', 'Generic user error', 'A user error with no detail.', 135000],
  [1049, 'back_off', 'Too many sync calls', 'Too many synchronisation requests.', 2593107],
  [1050, CFG, 'Sync window', 'A synchronisation request came outside its window.', 2593108],
  [
    1051,
    'suppress_recipient',
    'Marketing opt-out',
    'The user opted out of marketing messages from this business.',
    131050,
  ],
  [
    1052,
    'none',
    'Call permission exists',
    'The user already gave this number permanent permission to call: no request is needed.',
    138017,
  ],
  [
    1053,
    'back_off',
    'Call permission limit',
    'Too many call permission requests to this user: wait for a call or for the limit to reset.',
    138009,
  ],
  [
    1054,
    MSG,
    'Business-scoped id not supported',
    'The message was addressed by business-scoped user id where that is not supported (authentication templates): address it by phone number.',
    131062,
  ],
  // Viber
  [2000, 'none', 'Sent', 'Viber reports the message as sent: not a failure.'],
  [2001, 'retry', 'Internal error', 'Viber failed internally.'],
  [2002, CFG, 'Invalid service id', 'The Viber service id is unused or not yet active.'],
  [2003, MSG, 'Bad request', 'The request to Viber is malformed.'],
  [2004, MSG, 'Wrong message type', 'Viber does not support this message type.'],
  [2005, MSG, 'Missing parameters', 'A field Viber requires is missing.'],
  [2006, 'retry', 'Timeout', 'Viber’s server timed out.'],
  [2007, 'suppress_recipient', 'Blocked', 'The user blocked this sender or all business messages.'],
  [2008, 'suppress_recipient', 'Not a Viber user', 'The number is not registered on Viber.'],
  [
    2009,
    'suppress_recipient',
    'No suitable device',
    'The user’s device cannot receive business messages.',
  ],
  [2010, CFG, 'Unauthorized', 'The IP address or the id is not allowed.'],
  [2011, 'contact_support', null, null],
  [2012, MSG, 'Bad label', 'The `label` is missing or not valid.'],
  [2013, MSG, 'Invalid TTL', 'The time to live is out of range.'],
  [
    2014,
    'back_off',
    'Session limit',
    'Too many messages in this session: wait for the user to reply.',
  ],
  [2015, MSG, 'File type', 'This file type is not allowed here.'],
  [2016, MSG, 'File name too long', 'The file name is longer than 25 characters.'],
  [2017, MSG, 'Thumbnail URL too long', 'The thumbnail URL is longer than 1,000 characters.'],
  [2018, MSG, 'File too large', 'The file is larger than 200 MB.'],
  [2019, MSG, 'Video too long', 'The video is longer than 600 seconds.'],
  [2020, TPL, 'Template not found', 'Viber has no template with this id.'],
  [2021, MSG, 'Template variables', 'The template’s variables failed Viber’s validation.'],
  [2022, MSG, 'Incompatible version', 'The message’s fields do not fit the Viber version.'],
  [
    2023,
    'suppress_recipient',
    'Invalid destination',
    'The destination number is not valid or does not exist.',
  ],
  [2024, MSG, 'Invalid list message', 'A list message parameter is not valid.'],
  [2025, MSG, 'Invalid carousel message', 'A carousel message parameter is not valid.'],
]
