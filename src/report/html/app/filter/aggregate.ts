// Status counts per account, region, OU and framework control, for the overview charts. One pass
// over the rows; counts include muted findings under their status, as findings.json counts them.
import type { FindingTable } from '../data/decode.js'
import { STATUS_ORDER, type Status } from '../data/vocabulary.js'
import type { FacetIndex } from './facets.js'

export type StatusCounts = Record<Status, number>

const zero = (): StatusCounts => ({ pass: 0, fail: 0, error: 0, not_applicable: 0 })

function countBy(keys: ArrayLike<number>, size: number, table: FindingTable): StatusCounts[] {
  const flat = new Float64Array(size * STATUS_ORDER.length)
  for (let i = 0; i < table.count; i++) flat[keys[i]! * STATUS_ORDER.length + table.status[i]!]!++
  return Array.from({ length: size }, (_, k) => {
    const c = zero()
    STATUS_ORDER.forEach((s, j) => (c[s] = flat[k * STATUS_ORDER.length + j]!))
    return c
  })
}

function addInto(into: Map<string, StatusCounts>, key: string, c: StatusCounts): void {
  const t = into.get(key) ?? zero()
  for (const s of STATUS_ORDER) t[s] += c[s]
  into.set(key, t)
}

export interface Aggregates {
  byAccount: Map<string, StatusCounts>
  byRegion: Map<string, StatusCounts>
  byOu: Map<string, StatusCounts>
  byControl: Map<string, StatusCounts>
}

export function aggregate(table: FindingTable, index: FacetIndex): Aggregates {
  const perAccount = countBy(index.account.keys, index.account.values.length, table)
  const perRegion = countBy(index.region.keys, index.region.values.length, table)
  const perFrameworks = countBy(index.frameworks.keys, index.frameworks.values.length, table)
  const byAccount = new Map<string, StatusCounts>()
  const byOu = new Map<string, StatusCounts>()
  perAccount.forEach((c, k) => {
    byAccount.set(index.account.values[k]!, c)
    for (const ou of index.facets.ou.values[k]!) addInto(byOu, ou, c)
  })
  const byRegion = new Map<string, StatusCounts>()
  perRegion.forEach((c, k) => byRegion.set(index.region.values[k]!, c))
  const byControl = new Map<string, StatusCounts>()
  perFrameworks.forEach((c, k) => {
    for (const control of index.controls[k]!) addInto(byControl, control, c)
  })
  return { byAccount, byRegion, byOu, byControl }
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Worst first: most failures, then most errors, then by key. */
export function worstFirst(entries: Iterable<[string, StatusCounts]>): [string, StatusCounts][] {
  return [...entries].sort(([ka, a], [kb, b]) => b.fail - a.fail || b.error - a.error || byCodePoint(ka, kb))
}
