import type { Allowed } from '../internal/type-error'
import type { ProductListMessage, ProductMessage } from '../types'
import type { EnvelopeOptions, Finishing } from './base'
import { asArray, InteractiveImpl, type TextParts } from './interactive'

/** One product from a catalog: body and footer, no header. */
export interface ProductBuilder
  extends EnvelopeOptions<ProductBuilder>,
    Omit<TextParts<ProductBuilder>, 'header'>,
    Finishing<ProductMessage> {}

/**
 * Several products from a catalog, in up to 10 sections of up to 30 products in total. The text
 * header is required. `build()` compiles only once a product was added.
 *
 * @typeParam THasItem Whether a product was added yet.
 */
export interface ProductListBuilder<THasItem extends boolean = false>
  extends EnvelopeOptions<ProductListBuilder<THasItem>>,
    TextParts<ProductListBuilder<THasItem>>,
    Omit<Finishing<ProductListMessage>, 'build'> {
  /**
   * Starts a new section; the products that follow go into it.
   *
   * @param title At most 24 characters.
   */
  section(title: string): ProductListBuilder<THasItem>
  /**
   * Adds a product to the current section.
   *
   * @param productRetailerId The product's SKU in the catalog.
   */
  item(productRetailerId: string): ProductListBuilder<true>
  /**
   * Adds several products to the current section: for products read from data.
   *
   * @param productRetailerIds The SKUs; their number is checked when building.
   */
  items(productRetailerIds: readonly string[]): ProductListBuilder<true>
  /**
   * Validates the message and returns its frozen wire object.
   *
   * @throws {DslValidationError} With every issue and its path.
   */
  build(
    ...rules: Allowed<
      THasItem,
      [],
      'A product list needs at least one product: call .item(id) before .build()'
    >
  ): ProductListMessage
}

/** @internal */
export class ProductListImpl extends InteractiveImpl {
  section(title: string): this {
    return this.next('section', title)
  }
  item(productRetailerId: string): this {
    return this.next('entries', [productRetailerId])
  }
  items(productRetailerIds: readonly string[]): this {
    return this.next('entries', [...asArray(productRetailerIds)])
  }
}
