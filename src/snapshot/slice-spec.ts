// What a slice is, as data: where it lives (once per account, or once per account and region) and
// the zod schema of its value. Each service's schema file declares its slices with defineSlices; the
// catalogue (catalogue.ts) joins them, and the snapshot schema, the slice types checks read, the
// slice locators and the collector registry's meta-test are all derived from that one table.
import type { z } from 'zod'

/** global: AccountSnapshot[group][name] for key 'group.name'; regional: AccountSnapshot.regional[region][key]. */
export type SliceScope = 'global' | 'regional'

export interface SliceSpec {
  scope: SliceScope
  schema: z.ZodTypeAny
}

/** Keeps the literal keys and scopes of a service's slice table (for the derived types). */
export function defineSlices<const T extends Record<`${string}.${string}`, SliceSpec>>(slices: T): T {
  return slices
}
