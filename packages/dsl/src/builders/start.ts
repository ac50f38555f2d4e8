/**
 * `msg`, where every message starts: the recipient, then the kind of content.
 *
 * @module
 */
import { deepCopy } from '../internal/copy'
import type { DslTypeError } from '../internal/type-error'
import type {
  AudioMessage,
  FileMessage,
  ImageMessage,
  LocationMessage,
  Message,
  MessageType,
  TextMessage,
  ViberButtonsMessage,
  VideoMessage,
} from '../types'
import type { EnvelopeOptions, Recipient } from './base'
import { type ButtonsBuilder, ButtonsImpl } from './buttons'
import { Chain } from './chain'
import type { CtaUrlBuilder } from './cta-url'
import type { SimpleKind, Step } from './draft'
import { type FlowBuilder, FlowImpl } from './flow'
import { InteractiveImpl } from './interactive'
import { type ListBuilder, ListImpl } from './list'
import { type AudioOptions, type ImageOptions, mediaExtras } from './media-options'
import type { ProductBuilder, ProductListBuilder } from './products'
import { ProductListImpl } from './products'
import {
  type CarouselBuilder,
  CarouselImpl,
  type CarouselOptions,
  carouselStep,
  type RichCardBuilder,
  RichCardImpl,
  type RichCardOptions,
  richCardStep,
} from './rcs'
import type { ContentRequired } from './rules'
import type {
  CaptionOptions,
  LocationInput,
  RawContent,
  SimpleBuilder,
  ViberButton,
  ViberButtonOptions,
  VideoOptions,
} from './simple'
import { SimpleImpl } from './simple'
import { TemplateImpl } from './template'
import type {
  CheckLanguage,
  CheckName,
  TemplateFor,
  TemplateLanguage,
  TemplateName,
} from './template-registry'
import {
  type CallPermissionRequestBuilder,
  type LocationRequestBuilder,
  type RequestContactInfoBuilder,
  RequestImpl,
  type VoiceCallBuilder,
  type VoiceCallOptions,
  voiceCallAction,
} from './whatsapp-requests'

/**
 * A message with a recipient and no content yet. Envelope options may be set here or later.
 */
export interface MessageStart extends EnvelopeOptions<MessageStart> {
  /**
   * A text message.
   *
   * @param body At most 4,096 characters; WhatsApp formatting (`*bold*`, `_italic_`) works.
   */
  text(body: string): SimpleBuilder<TextMessage>
  /**
   * An image, by URL.
   *
   * @param url An absolute https URL of a JPEG or PNG image (WhatsApp: at most 5 MB).
   * @param options An optional caption; for LINE, a `thumbnail`.
   */
  image(url: string, options?: ImageOptions): SimpleBuilder<ImageMessage>
  /**
   * A video, by URL.
   *
   * @param url An absolute https URL of an MP4 video (WhatsApp: at most 16 MB).
   * @param options An optional caption; for Viber and LINE, the thumbnail, size and duration.
   */
  video(url: string, options?: VideoOptions): SimpleBuilder<VideoMessage>
  /**
   * An audio file, by URL. WhatsApp shows no caption for audio.
   *
   * @param url An absolute https URL (AAC, AMR, MP3, M4A or OGG/Opus).
   * @param options For LINE, the `duration` in seconds.
   */
  audio(url: string, options?: AudioOptions): SimpleBuilder<AudioMessage>
  /**
   * A document, by URL (wire type `file`).
   *
   * @param url An absolute https URL (WhatsApp: at most 100 MB).
   * @param options An optional caption.
   */
  file(url: string, options?: CaptionOptions): SimpleBuilder<FileMessage>
  /**
   * A location pin.
   *
   * @param location Latitude −90..90 and longitude −180..180, with an optional name and address.
   */
  location(location: LocationInput): SimpleBuilder<LocationMessage>
  /**
   * An interactive list: a button that opens sections of rows.
   *
   * @param buttonLabel The label of the button that opens the list; at most 20 characters.
   */
  list(buttonLabel: string): ListBuilder
  /** Interactive reply buttons: one to three quick replies. */
  buttons(): ButtonsBuilder
  /**
   * A call-to-action button that opens a URL.
   *
   * @param displayText The button's label; at most 20 characters.
   * @param url An absolute https URL.
   */
  ctaUrl(displayText: string, url: string): CtaUrlBuilder
  /**
   * A button that opens a WhatsApp Flow.
   *
   * @param flowId The flow's id.
   * @param cta The button's label; at most 30 characters.
   */
  flow(flowId: string, cta: string): FlowBuilder
  /**
   * One product from a catalog.
   *
   * @param catalogId The catalog's id.
   * @param productRetailerId The product's SKU.
   */
  product(catalogId: string, productRetailerId: string): ProductBuilder
  /**
   * Several products from a catalog, in sections.
   *
   * @param catalogId The catalog's id.
   */
  productList(catalogId: string): ProductListBuilder
  /**
   * A pre-approved template. With a pulled declaration of the registered templates
   * (`chatapps templates pull`), only a registered, approved name and language compile, and the
   * builder is typed from the template's components; without one, any name and language.
   *
   * @param name The template's name.
   * @param language Its language, such as `en` or `en_US`.
   */
  template<TName extends TemplateName, TLanguage extends TemplateLanguage<TName>>(
    name: TName & CheckName<TName>,
    language: TLanguage & CheckLanguage<TName, TLanguage>,
  ): TemplateFor<TName, TLanguage>
  /**
   * A button that starts a WhatsApp voice call to the business.
   *
   * @param options The button's `displayText`, `ttlMinutes` and `payload`, all optional.
   */
  voiceCall(options?: VoiceCallOptions): VoiceCallBuilder
  /** Asks the user for permission to call them (WhatsApp calling). Body and footer optional. */
  callPermissionRequest(): CallPermissionRequestBuilder
  /** Asks the user to share their contact details. Body and footer optional. */
  requestContactInfo(): RequestContactInfoBuilder
  /**
   * Asks the user to share their location (no header, no footer).
   *
   * @param body At most 1,024 characters.
   */
  locationRequest(body: string): LocationRequestBuilder
  /**
   * An RCS rich card: media, a title, a description and up to 4 suggestion chips.
   *
   * @param options `{ orientation: 'vertical' }`, or `{ orientation: 'horizontal',
   * thumbnailAlignment? }`.
   *
   * @example
   * ```ts
   * msg
   *   .to('+15551234567')
   *   .richCard({ orientation: 'vertical' })
   *   .title('8x8 Singapore')
   *   .media('https://example.com/office.png', { height: 'medium' })
   *   .reply('Book a visit', 'visit')
   *   .build()
   * ```
   */
  richCard(options: RichCardOptions): RichCardBuilder
  /**
   * An RCS carousel of 2 to 10 cards, each built like a rich card.
   *
   * @param options `{ cardWidth: 'small' | 'medium' }`.
   *
   * @example
   * ```ts
   * msg
   *   .to('+15551234567')
   *   .carousel({ cardWidth: 'medium' })
   *   .card((card) => card.title('Starter').media('https://example.com/starter.png'))
   *   .card((card) => card.title('Business').media('https://example.com/business.png'))
   *   .build()
   * ```
   */
  carousel(options: CarouselOptions): CarouselBuilder
  /**
   * A Viber rich message (wire type `buttons`): text, an optional image and a call-to-action
   * button. It goes through Viber only: when the message names its channels, Viber must be one.
   *
   * @param text At most 1,000 characters.
   * @param button `caption` (at most 30 characters) and `action`, the URL it opens.
   * @param options `image`: an absolute URL of an image shown with the text.
   *
   * @example
   * ```ts
   * msg.to('+6500000000').viberButton('Your ticket is ready.', {
   *   caption: 'View E-ticket',
   *   action: 'https://example.com/e-ticket/SKY1234',
   * })
   * ```
   */
  viberButton(
    text: string,
    button: ViberButton,
    options?: ViberButtonOptions,
  ): SimpleBuilder<ViberButtonsMessage>
  /**
  /**
   * Any other message type 8x8 knows, with its content
   * as 8x8 spells it. It is validated like a parsed message.
   *
   * @param message The `type` and the `content`.
   */
  raw(message: RawContent): SimpleBuilder<Message>
  /**
   * Not allowed yet: a message needs content first. `this` is typed `DslTypeError<…>`, so the call
   * does not compile and `tsc` quotes the rule.
   */
  build(this: DslTypeError<ContentRequired>): never
}

/** @internal Holds the recipient and the envelope options until the content is chosen. */
class StartImpl extends Chain {
  private simple(kind: SimpleKind & MessageType, content: object) {
    return new SimpleImpl(this, { op: 'simple', kind, type: kind, content: Object.freeze(content) })
  }
  text(body: string) {
    return this.simple('text', { text: body })
  }
  image(url: string, options?: ImageOptions) {
    return this.media('image', media(url, options?.caption), options, ['thumbnail'])
  }
  video(url: string, options?: VideoOptions) {
    return this.simple('video', videoContent(url, options))
  }
  audio(url: string, options?: AudioOptions) {
    return this.media('audio', { url }, options, ['duration'])
  }
  /** Media with channel extras go to the schemas (kind `raw`): the fast path does not know them. */
  private media(
    kind: 'image' | 'video' | 'audio',
    content: object,
    options: object | undefined,
    keys: readonly string[],
  ) {
    const extras = mediaExtras(options, keys)
    if (extras === undefined) return this.simple(kind, content)
    const step = {
      op: 'simple',
      kind: 'raw',
      type: kind,
      content: { ...content, [kind]: extras },
    } as const
    return new SimpleImpl(this, step)
  }
  file(url: string, options?: CaptionOptions) {
    return this.simple('file', media(url, options?.caption))
  }
  location(location: LocationInput) {
    const { latitude, longitude, name, address } = location ?? ({} as LocationInput)
    const copy: Record<string, unknown> = { latitude, longitude }
    if (name !== undefined) copy.name = name
    if (address !== undefined) copy.address = address
    return this.simple('location', { location: Object.freeze(copy) })
  }
  raw(message: RawContent) {
    const step = {
      op: 'simple',
      kind: 'raw',
      type: message?.type,
      content: deepCopy(message?.content),
    } as const
    return new SimpleImpl(this, step)
  }
  viberButton(text: string, button: ViberButton, options?: ViberButtonOptions) {
    const { caption, action } = button ?? ({} as ViberButton)
    const content: Record<string, unknown> = { text }
    if (options?.image !== undefined) content.url = options.image
    content.button = Object.freeze({ caption, action })
    const step = { op: 'simple', kind: 'raw', type: 'buttons', content: Object.freeze(content) }
    return new SimpleImpl(this, step as Step)
  }
  list(buttonLabel: string) {
    return new ListImpl(this, { op: 'list', button: buttonLabel })
  }
  buttons() {
    return new ButtonsImpl(this, { op: 'buttons' })
  }
  ctaUrl(displayText: string, url: string) {
    return new CtaUrlImpl(this, { op: 'cta_url', displayText, url })
  }
  flow(flowId: string, cta: string) {
    return new FlowImpl(this, { op: 'flow', flowId, cta })
  }
  product(catalogId: string, productRetailerId: string) {
    return new ProductImpl(this, { op: 'product', catalogId, productRetailerId })
  }
  productList(catalogId: string) {
    return new ProductListImpl(this, { op: 'product_list', catalogId })
  }
  template(name: string, language: string) {
    return new TemplateImpl(this, { op: 'template', name, language })
  }
  voiceCall(options?: VoiceCallOptions) {
    const action = voiceCallAction(options)
    return new RequestImpl(this, { op: 'whatsapp', kind: 'voice_call', action })
  }
  callPermissionRequest() {
    return new RequestImpl(this, {
      op: 'whatsapp',
      kind: 'call_permission_request',
      action: undefined,
    })
  }
  requestContactInfo() {
    return new RequestImpl(this, {
      op: 'whatsapp',
      kind: 'request_contact_info',
      action: undefined,
    })
  }
  locationRequest(body: string) {
    const action = Object.freeze({ name: 'send_location' })
    return new RequestImpl(this, { op: 'whatsapp', kind: 'location_request_message', action, body })
  }
  richCard(options: RichCardOptions) {
    return new RichCardImpl(this, richCardStep(options))
  }
  carousel(options: CarouselOptions) {
    return new CarouselImpl(this, carouselStep(options))
  }
}

const media = (url: string, caption: string | undefined): object =>
  caption === undefined ? { url } : { url, text: caption }

/** A video's content: the media fields, then `video` when a Viber or LINE extra was given. */
function videoContent(url: string, options: VideoOptions | undefined): object {
  const content = media(url, options?.caption) as Record<string, unknown>
  const { thumbnail, filesize, duration } = options ?? {}
  if (thumbnail === undefined && filesize === undefined && duration === undefined) return content
  const video: Record<string, unknown> = {}
  if (thumbnail !== undefined) video.thumbnail = thumbnail
  if (filesize !== undefined) video.filesize = filesize
  if (duration !== undefined) video.duration = duration
  content.video = Object.freeze(video)
  return content
}

/** @internal */
class CtaUrlImpl extends InteractiveImpl {}
/** @internal */
class ProductImpl extends InteractiveImpl {}

/** The entry point of the message builders. */
export interface Msg {
  /**
   * Starts a message to one recipient.
   *
   * @param recipient An E.164 number (`'+15551234567'`), `{ msisdn, country }` for a national
   * number, `{ channelUserId }` for a WhatsApp business-scoped user id, or `{ lineUserId }`.
   */
  to(recipient: Recipient): MessageStart
}

/**
 * Where every message starts. Builders are immutable: each call returns a new builder, so a
 * partly built message can be kept and branched.
 *
 * @example
 * ```ts
 * import { msg } from '@chatapps/dsl'
 *
 * const message = msg
 *   .to('+15551234567')
 *   .list('Book Slot')
 *   .body('Pick a time that suits you.')
 *   .section('Oct 9, 2024')
 *   .row('slot-1', 'Monday, Oct 9', '9:00 AM - 10:00 AM')
 *   .build()
 * ```
 */
export const msg: Msg = Object.freeze({
  to(recipient: Recipient): MessageStart {
    return new StartImpl(undefined, {
      op: 'to',
      user: deepCopy(recipient),
    }) as unknown as MessageStart
  },
})
