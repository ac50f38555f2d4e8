import * as v from 'valibot'
import { LIMITS } from '../../limits'
import type { Named } from '../named'
import { nonEmpty, text } from '../primitives'
import { BodySchema, FooterSchema, reportAt, TextHeaderSchema } from './parts'

const ProductSchema_ = v.strictObject({
  type: v.literal('product'),
  body: v.exactOptional(BodySchema),
  footer: v.exactOptional(FooterSchema),
  action: v.strictObject({
    catalog_id: nonEmpty,
    product_retailer_id: nonEmpty,
  }),
})
/** One product from a catalog. No header. */
export interface ProductSchema extends Named<typeof ProductSchema_> {}
/** One product from a catalog. No header. */
export const ProductSchema: ProductSchema = ProductSchema_

const ProductSectionSchema = v.strictObject({
  title: v.exactOptional(text(LIMITS.productListSectionTitle)),
  product_items: v.pipe(
    v.array(v.strictObject({ product_retailer_id: nonEmpty })),
    v.minLength(1, 'Invalid length: a section needs at least one product'),
  ),
})

type ProductSection = v.InferOutput<typeof ProductSectionSchema>

/** At most 30 products in total; a title on every section when there are several. */
function productListRules<TAction extends { sections: ProductSection[] }>() {
  return v.rawCheck<TAction>(({ dataset, config, addIssue }) => {
    if (!dataset.typed) return
    const action = dataset.value
    const items = action.sections.flatMap((section, s) =>
      section.product_items.map((_, i) => ['sections', s, 'product_items', i] as const),
    )
    const overflow = items[LIMITS.productListItems.max]
    if (overflow) {
      reportAt(
        addIssue,
        action,
        overflow,
        `Invalid length: a product list holds at most ${LIMITS.productListItems.max} products in total`,
      )
    }
    if (action.sections.length > 1) {
      for (const [s, section] of action.sections.entries()) {
        if (config.abortEarly) return
        if (section.title === undefined) {
          reportAt(
            addIssue,
            action,
            ['sections', s, 'title'],
            'Invalid section: a title is required when a product list has more than one section',
          )
        }
      }
    }
  })
}

const ProductListSchema_ = v.strictObject({
  type: v.literal('product_list'),
  header: TextHeaderSchema,
  body: BodySchema,
  footer: v.exactOptional(FooterSchema),
  action: v.pipe(
    v.strictObject({
      catalog_id: nonEmpty,
      sections: v.pipe(
        v.array(ProductSectionSchema),
        v.minLength(
          LIMITS.productListSections.min,
          'Invalid length: a product list needs at least one section',
        ),
        v.maxLength(
          LIMITS.productListSections.max,
          `Invalid length: a product list holds at most ${LIMITS.productListSections.max} sections`,
        ),
      ),
    }),
    productListRules(),
  ),
})
/** Several products from a catalog, in sections. The text header is required. */
export interface ProductListSchema extends Named<typeof ProductListSchema_> {}
/** Several products from a catalog, in sections. The text header is required. */
export const ProductListSchema: ProductListSchema = ProductListSchema_
