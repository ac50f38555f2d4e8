import { describe, expectTypeOf, test } from 'vitest'
import {
  type ErrorAction,
  type ErrorEffect,
  type ErrorExplanation,
  explainError,
} from '../src/index'

describe('explainError in the types', () => {
  test('the kind must be given, and be api or receipt', () => {
    // @ts-expect-error the kind is required: 1000-1054 and 2000-2003 are in both lists
    explainError(1022)
    // @ts-expect-error only 'api' and 'receipt'
    explainError(1022, 'whatsapp')
    expectTypeOf(explainError(1022, 'receipt')).toEqualTypeOf<ErrorExplanation>()
    expectTypeOf(explainError('3038', 'api')).toEqualTypeOf<ErrorExplanation>()
  })

  test('the action is a closed union a switch can exhaust', () => {
    expectTypeOf<ErrorExplanation['action']>().toEqualTypeOf<ErrorAction>()
    expectTypeOf<ErrorAction>().toEqualTypeOf<
      | 'retry'
      | 'back_off'
      | 'fix_message'
      | 'suppress_recipient'
      | 'refresh_template'
      | 'fix_configuration'
      | 'contact_support'
      | 'none'
    >()
    expectTypeOf<ErrorExplanation['metaCode']>().toEqualTypeOf<number | null>()
    expectTypeOf<ErrorExplanation['effect']>().toEqualTypeOf<ErrorEffect | null>()
    expectTypeOf<ErrorEffect>().toEqualTypeOf<
      'window_closed' | 'pair_rate' | 'marketing_opt_out' | 'blocked'
    >()
  })
})
