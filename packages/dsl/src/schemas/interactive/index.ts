import * as v from 'valibot'
import type { Named } from '../named'
import { ButtonsSchema } from './buttons'
import {
  CallPermissionRequestSchema,
  CtaUrlSchema,
  FlowSchema,
  LocationRequestSchema,
  RequestContactInfoSchema,
  VoiceCallSchema,
} from './cta'
import { ListSchema } from './list'
import { ProductListSchema, ProductSchema } from './products'

export { ButtonsSchema } from './buttons'
export {
  CallPermissionRequestSchema,
  CtaUrlSchema,
  FlowSchema,
  LocationRequestSchema,
  RequestContactInfoSchema,
  VoiceCallSchema,
} from './cta'
export { ListSchema } from './list'
export {
  BodySchema,
  DocumentHeaderSchema,
  FooterSchema,
  HeaderSchema,
  ImageHeaderSchema,
  TextHeaderSchema,
  VideoHeaderSchema,
} from './parts'
export { ProductListSchema, ProductSchema } from './products'

const InteractiveSchema_ = v.variant('type', [
  ListSchema,
  ButtonsSchema,
  CtaUrlSchema,
  FlowSchema,
  ProductSchema,
  ProductListSchema,
  LocationRequestSchema,
  CallPermissionRequestSchema,
  RequestContactInfoSchema,
  VoiceCallSchema,
])
/** `content.interactive`: every interactive type 8x8 accepts, told apart by `type`. */
export interface InteractiveSchema extends Named<typeof InteractiveSchema_> {}
/** `content.interactive`: every interactive type 8x8 accepts, told apart by `type`. */
export const InteractiveSchema: InteractiveSchema = InteractiveSchema_
