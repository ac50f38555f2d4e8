/**
 * `<chatapps-preview>`: a custom element that shows a message with {@link renderPreview}, in its
 * own shadow root with the stylesheet. Importing this module defines the element when it runs
 * in a browser, and does nothing elsewhere (Node, workers, server-side rendering).
 *
 * ```html
 * <chatapps-preview message='{"user":{"msisdn":"+15551234567"},"type":"text","content":{"text":"Hi"}}'></chatapps-preview>
 * ```
 *
 * @module
 */
import type { PreviewOptions } from './options'
import { renderPreview } from './render'
import { previewStyles } from './styles'

/**
 * The tag name the element is defined under by default.
 *
 * @example
 * ```ts
 * const preview = document.createElement(PREVIEW_TAG) as ChatappsPreviewElement
 * ```
 */
export const PREVIEW_TAG = 'chatapps-preview'

/**
 * What the element offers besides HTMLElement's own members.
 *
 * @example
 * ```ts
 * const preview = document.querySelector<ChatappsPreviewElement>('chatapps-preview')
 * if (preview) preview.message = JSON.parse(textarea.value)
 * ```
 */
export interface ChatappsPreviewElement extends HTMLElement {
  /** The message shown: a built message or any value (an attribute `message` holds JSON). */
  message: unknown
  /** Options for the renderer; `showIssues` and `locale` also come from attributes. */
  options: PreviewOptions
}

function parse(json: string | null): unknown {
  if (json === null) return undefined
  try {
    return JSON.parse(json)
  } catch {
    return json
  }
}

function createClass(): CustomElementConstructor {
  return class extends HTMLElement implements ChatappsPreviewElement {
    static observedAttributes = ['message', 'locale', 'show-issues', 'load-media']
    #message: unknown
    #hasMessage = false
    #options: PreviewOptions = {}
    readonly #root = this.attachShadow({ mode: 'open' })

    get message(): unknown {
      return this.#hasMessage ? this.#message : parse(this.getAttribute('message'))
    }
    set message(value: unknown) {
      this.#message = value
      this.#hasMessage = true
      this.#render()
    }
    get options(): PreviewOptions {
      return this.#options
    }
    set options(value: PreviewOptions) {
      this.#options = value
      this.#render()
    }
    connectedCallback(): void {
      this.#render()
    }
    attributeChangedCallback(): void {
      this.#render()
    }
    #render(): void {
      const locale = this.getAttribute('locale')
      const options: PreviewOptions = {
        ...this.#options,
        ...(locale === null ? {} : { locale }),
        ...(this.hasAttribute('show-issues')
          ? { showIssues: this.getAttribute('show-issues') !== 'false' }
          : {}),
        ...(this.hasAttribute('load-media')
          ? { loadMedia: this.getAttribute('load-media') !== 'false' }
          : {}),
      }
      // renderPreview escapes everything from the message and emits no script or handler.
      this.#root.innerHTML = `<style>:host{display:block}${previewStyles}</style>${renderPreview(this.message, options)}`
    }
  }
}

/**
 * Defines `<chatapps-preview>` (or another tag name) when custom elements exist, and does
 * nothing otherwise or when the name is already taken. Importing this module calls it once.
 *
 * @param tagName The tag name; `chatapps-preview` by default.
 * @returns Whether the element is defined under that name now.
 *
 * @example
 * ```ts
 * import { defineChatappsPreview } from '@chatapps/preview/element'
 *
 * defineChatappsPreview('my-preview')
 * document.querySelector('my-preview').message = message
 * ```
 */
export function defineChatappsPreview(tagName: string = PREVIEW_TAG): boolean {
  const registry = (globalThis as { customElements?: CustomElementRegistry }).customElements
  if (registry === undefined || typeof HTMLElement === 'undefined') return false
  if (registry.get(tagName) === undefined) registry.define(tagName, createClass())
  return true
}

defineChatappsPreview()
