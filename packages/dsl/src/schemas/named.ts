/**
 * Lets a schema be declared as an interface named after it: `interface ListSchema extends
 * Named<typeof ListSchema_> {}`. Declaration files then refer to the schema by name instead of
 * spelling out its whole type at every use, which keeps the published `.d.ts` small and the
 * type checker fast.
 */
export type Named<T> = T
