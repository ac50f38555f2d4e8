import type { Allowed } from '../internal/type-error'
import type { ProductListMessage, ProductMessage } from '../types'
import type { EnvelopeOptions, Finishing } from './base'
import { InteractiveImpl, type InteractiveState, type TextParts } from './interactive'

/** @internal */
export interface ProductState extends InteractiveState {
  readonly catalogId: string
  readonly productRetailerId: string
}

/** One product from a catalog: body and footer, no header. */
export interface ProductBuilder
  extends EnvelopeOptions<ProductBuilder>,
    Omit<TextParts<ProductBuilder>, 'header'>,
    Finishing<ProductMessage> {}

/** @internal */
export class ProductImpl extends InteractiveImpl<ProductState> {
  protected readonly kind = 'product'

  protected wireAction(): object {
    return { catalog_id: this.state.catalogId, product_retailer_id: this.state.productRetailerId }
  }
}

interface ProductSection {
  readonly title?: string
  readonly items: readonly string[]
}

/** @internal */
export interface ProductListState extends InteractiveState {
  readonly catalogId: string
  readonly sections: readonly ProductSection[]
}

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
export class ProductListImpl extends InteractiveImpl<ProductListState> {
  protected readonly kind = 'product_list'

  section(title: string): this {
    return this.with({ sections: [...this.state.sections, { title, items: [] }] })
  }
  item(productRetailerId: string): this {
    return this.items([productRetailerId])
  }
  items(productRetailerIds: readonly string[]): this {
    const { sections } = this.state
    const last = sections.at(-1) ?? { items: [] }
    const head = sections.length === 0 ? sections : sections.slice(0, -1)
    return this.with({
      sections: [...head, { ...last, items: [...last.items, ...productRetailerIds] }],
    })
  }

  protected wireAction(): object {
    return {
      catalog_id: this.state.catalogId,
      sections: this.state.sections.map(({ title, items }) => {
        const product_items = items.map((id) => ({ product_retailer_id: id }))
        return title === undefined ? { product_items } : { title, product_items }
      }),
    }
  }
}
