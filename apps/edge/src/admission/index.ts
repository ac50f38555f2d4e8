/**
 * Admission: one Durable Object per client key id. See {@link Admission}.
 *
 * @module
 */
export { Admission } from './admission'
export { answerFits, MAX_STORED_ANSWER_BYTES } from './answer-size'
export {
  AdmissionChannel,
  channelFor,
  type ExchangeTarget,
  MAX_EXCHANGE,
  type RequestScope,
} from './channel'
export { isFinalAnswer } from './final'
export * from './types'
