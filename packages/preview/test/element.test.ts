import { parseHTML } from 'linkedom'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { previewStyles, renderPreview } from '../src/index'

const message = { user: { msisdn: '+15551234567' }, type: 'text', content: { text: '*Hi* <b>' } }

describe('@chatapps/preview/element outside a browser', () => {
  test('Should import without error and define nothing', async () => {
    expect('customElements' in globalThis).toBe(false)
    const element = await import('../src/element')
    expect(element.PREVIEW_TAG).toBe('chatapps-preview')
    expect(element.defineChatappsPreview()).toBe(false)
    expect(element.defineChatappsPreview('other-name')).toBe(false)
  })
})

describe('<chatapps-preview> in a DOM (linkedom)', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.resetModules()
  })

  async function browser(html: string) {
    const { document, customElements, HTMLElement } = parseHTML(
      `<!doctype html><html><body>${html}</body></html>`,
    )
    vi.stubGlobal('customElements', customElements)
    vi.stubGlobal('HTMLElement', HTMLElement)
    const element = await import('../src/element')
    return { document, element }
  }

  const shadow = (node: unknown) =>
    (node as { shadowRoot: { innerHTML: string } | null }).shadowRoot?.innerHTML

  test('Should define itself on import and render its message attribute in its shadow root', async () => {
    const json = JSON.stringify(message).replaceAll('&', '&amp;').replaceAll("'", '&#39;')
    const { document, element } = await browser(
      `<chatapps-preview message='${json}'></chatapps-preview>`,
    )
    expect(element.defineChatappsPreview()).toBe(true)
    const node = document.querySelector('chatapps-preview')
    expect(shadow(node)).toBe(
      `<style>:host{display:block}${previewStyles}</style>${renderPreview(message)}`,
    )
  })

  test('Should render a message property and options, and attributes over options', async () => {
    const { document } = await browser('')
    const node = document.createElement('chatapps-preview') as unknown as {
      message: unknown
      options: object
      setAttribute(name: string, value: string): void
    }
    document.body.appendChild(node as never)
    node.message = { ...message, content: { text: '' } }
    expect(shadow(node)).toContain('class="cap-issues"')
    node.options = { showIssues: false }
    expect(shadow(node)).not.toContain('class="cap-issues"')
    node.setAttribute('show-issues', 'true')
    expect(shadow(node)).toContain('class="cap-issues"')
  })

  test('Should show an attribute that is not JSON as a value that is not a message', async () => {
    const { document } = await browser('<chatapps-preview message="<not json>"></chatapps-preview>')
    const html = shadow(document.querySelector('chatapps-preview')) ?? ''
    expect(html).toContain('This is not a message')
    expect(html).toContain('<code>"&lt;not json&gt;"</code>')
  })
})
