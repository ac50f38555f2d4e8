/**
 * The callbacks queue gives the consumer exactly the schedule's attempts in every environment:
 * fewer `max_retries` would dead-letter callbacks before their last attempt, more would post a
 * callback the consumer has already recorded as dropped.
 */
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { experimental_readRawConfig } from 'wrangler'
import { CALLBACK_ATTEMPTS } from '../src/callbacks/schedule'

interface Consumer {
  readonly queue: string
  readonly max_retries?: number
  readonly dead_letter_queue?: string
}

it('every environment retries callbacks CALLBACK_ATTEMPTS - 1 times, then dead-letters them', () => {
  const { rawConfig } = experimental_readRawConfig({
    config: fileURLToPath(new URL('../wrangler.jsonc', import.meta.url)),
  })
  const environments = [rawConfig, ...Object.values(rawConfig.env ?? {})]
  const callbacks = environments.map((environment) =>
    (environment.queues?.consumers as readonly Consumer[] | undefined)
      ?.filter((consumer) => /^chatapps-callbacks(-staging|-production)?$/.test(consumer.queue))
      .map(({ queue, max_retries, dead_letter_queue }) => ({
        queue,
        max_retries,
        dead_letter_queue,
      })),
  )
  expect(callbacks).toEqual(
    ['', '-staging', '-production'].map((suffix) => [
      {
        queue: `chatapps-callbacks${suffix}`,
        max_retries: CALLBACK_ATTEMPTS - 1,
        dead_letter_queue: `chatapps-callbacks-dlq${suffix}`,
      },
    ]),
  )
})
