/**
 * Admission: one Durable Object per client key id. See {@link Admission}.
 *
 * @module
 */
export { Admission } from './admission'
export * from './types'
