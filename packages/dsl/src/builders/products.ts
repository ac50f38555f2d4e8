import type { DslTypeError, NoArguments, ResultIf, ThisIf } from '../internal/type-error'
import type { ProductListMessage, ProductMessage } from '../types'
import type { EnvelopeOptions, Finishing } from './base'
import { asArray, InteractiveImpl, type NoMediaHeaders, type TextParts } from './interactive'
import type { ItemRequired, ProductHasNoHeader, ProductListHeaderTextOnly } from './rules'

/**
 * One product from a catalog: body and footer, no header. The header calls are there only to
 * fail: `tsc` quotes the rule (`'DslTypeError<"A product message has no header: …">'`).
 */
export interface ProductBuilder
  extends EnvelopeOptions<ProductBuilder>,
    Omit<TextParts<ProductBuilder>, 'header'>,
    NoMediaHeaders<ProductBuilder, ProductHasNoHeader>,
    Finishing<ProductMessage> {
  /** Not allowed here: the parameter's type says why. */
  header(text: DslTypeError<ProductHasNoHeader>): ProductBuilder
}

/**
 * Several products from a catalog, in up to 10 sections of up to 30 products in total. The text
 * header is required and text only. `build()` compiles only once a product was added; `tsc` quotes
 * the rule (`'DslTypeError<"A product list needs at least one product: call .item(id) before
 * .build()">'`).
 *
 * @typeParam THasItem Whether a product was added yet.
 */
export interface ProductListBuilder<THasItem extends boolean = false>
  extends EnvelopeOptions<ProductListBuilder<THasItem>>,
    TextParts<ProductListBuilder<THasItem>>,
    NoMediaHeaders<ProductListBuilder<THasItem>, ProductListHeaderTextOnly>,
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
   * Validates the message and returns its frozen wire object. Before the first product, `this` is
   * typed `DslTypeError<ItemRequired>`, so the call does not compile and `tsc` quotes the rule.
   *
   * @throws {DslValidationError} With every issue and its path.
   */
  build(
    this: ThisIf<THasItem, ItemRequired>,
    ...none: NoArguments<THasItem>
  ): ResultIf<THasItem, ProductListMessage, ItemRequired>
}

/** @internal */
export class ProductListImpl extends InteractiveImpl {
  section(title: string): this {
    return this.next({ op: 'section', title })
  }
  item(productRetailerId: string): this {
    return this.next({ op: 'entries', entries: [productRetailerId] })
  }
  items(productRetailerIds: readonly string[]): this {
    return this.next({ op: 'entries', entries: [...asArray(productRetailerIds)] })
  }
}
