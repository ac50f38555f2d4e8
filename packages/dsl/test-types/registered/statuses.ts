/**
 * Two registrations beside the generated declaration (`templates.ts`, which must stay the
 * generator's output for the sandbox's seeded templates): a `flagged` template, which can be
 * sent, and one whose status 8x8 wrote in upper case, `DISABLED`, which cannot.
 */
export {}

declare module '@chatapps/dsl' {
  interface RegisteredTemplates {
    /** flagged · MARKETING: Meta still sends it. */
    'last_call:en_US': {
      status: 'flagged'
      body: [string]
    }
    /** DISABLED · MARKETING (a status in upper case, as 8x8 sends it). */
    'old_offers:en_US': {
      status: 'DISABLED'
      body: [string]
    }
  }
}
