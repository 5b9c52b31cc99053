// Sorting and grouping. Each sort order is computed once over all rows (a permutation, cached), and a
// filter change just walks that permutation keeping the matching rows, so changing filters never
// re-sorts. Ties always end on the row's position in findings.json, which is itself deterministic,
// so the same view lists the same rows in the same order every time. Strings compare by code point,
// never by locale.
import type { FindingTable } from '../data/decode.js'
import type { GroupKey, SortKey } from '../state/view-state.js'
import { STATUS_INDEX, STATUS_ORDER, STATUS_PRIORITY } from '../data/vocabulary.js'
import type { Dense, FacetIndex } from './facets.js'

/** Per stored status index: its place in the worst-first order. */
const PRIORITY_OF_STATUS = Int32Array.from(STATUS_ORDER, (s) => STATUS_PRIORITY.indexOf(s))
const FAIL = STATUS_INDEX.fail

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Per dense key: its rank in code-point order of the key's string. */
function ranks(dense: Dense): Int32Array {
  const order = dense.values.map((_, k) => k).sort((a, b) => byCodePoint(dense.values[a]!, dense.values[b]!))
  const rank = new Int32Array(order.length)
  order.forEach((k, r) => (rank[k] = r))
  return rank
}

export class Orderings {
  private readonly cache = new Map<SortKey, Uint32Array>()

  constructor(
    private readonly table: FindingTable,
    private readonly index: FacetIndex,
  ) {}

  permutation(sort: SortKey): Uint32Array {
    let perm = this.cache.get(sort)
    if (perm === undefined) {
      perm = this.compute(sort)
      this.cache.set(sort, perm)
    }
    return perm
  }

  private compute(sort: SortKey): Uint32Array {
    const t = this.table
    const checkRank = ranks(this.index.check)
    const accountRank = ranks(this.index.account)
    const regionRank = ranks(this.index.region)
    const ck = this.index.check.keys
    const ak = this.index.account.keys
    const rk = this.index.region.keys
    const status = (i: number): number => PRIORITY_OF_STATUS[t.status[i]!]!
    const cmp = {
      status: (a: number, b: number) => status(a) - status(b),
      severity: (a: number, b: number) => t.severity[a]! - t.severity[b]!,
      check: (a: number, b: number) => checkRank[ck[a]!]! - checkRank[ck[b]!]!,
      account: (a: number, b: number) => accountRank[ak[a]!]! - accountRank[ak[b]!]!,
      region: (a: number, b: number) => regionRank[rk[a]!]! - regionRank[rk[b]!]!,
      resource: (a: number, b: number) => byCodePoint(t.resource[a]!, t.resource[b]!),
    }
    const chains: Record<SortKey, ((a: number, b: number) => number)[]> = {
      priority: [cmp.status, cmp.severity, cmp.check, cmp.account, cmp.region, cmp.resource],
      severity: [cmp.severity, cmp.status, cmp.check, cmp.account, cmp.region, cmp.resource],
      check: [cmp.check, cmp.status, cmp.account, cmp.region, cmp.resource],
      account: [cmp.account, cmp.status, cmp.severity, cmp.check, cmp.region, cmp.resource],
      region: [cmp.region, cmp.status, cmp.severity, cmp.check, cmp.account, cmp.resource],
      resource: [cmp.resource, cmp.check, cmp.account, cmp.region],
    }
    const chain = chains[sort]
    const perm = new Uint32Array(t.count)
    for (let i = 0; i < perm.length; i++) perm[i] = i
    return perm.sort((a, b) => {
      for (const c of chain) {
        const d = c(a, b)
        if (d !== 0) return d
      }
      return a - b
    })
  }
}

/** The matching rows, in the permutation's order. */
export function orderedMatches(perm: Uint32Array, match: Uint8Array, total: number): Uint32Array {
  const out = new Uint32Array(total)
  let j = 0
  for (let p = 0; p < perm.length; p++) {
    const i = perm[p]!
    if (match[i] === 1) out[j++] = i
  }
  return out
}

export interface Group {
  /** Dense key of the check or account. */
  key: number
  label: string
  count: number
  /** Failing rows in the group (the header shows them). */
  failing: number
}

export interface ListModel {
  /** What the list shows, top to bottom: a row index (≥ 0), or a group header as -(group + 1). */
  items: Int32Array
  groups: Group[]
}

/**
 * Rows bucketed by check or account. Groups come in the order their first row appears in the sorted
 * list (worst first under the default sort); rows keep the sort order inside their group.
 */
export function listModel(rows: Uint32Array, group: GroupKey, index: FacetIndex, table: FindingTable, collapsed: ReadonlySet<string>): ListModel {
  if (group === 'none') return { items: Int32Array.from(rows), groups: [] }
  const dense = group === 'check' ? index.check : index.account
  const slotOfKey = new Int32Array(dense.values.length).fill(-1)
  const groups: Group[] = []
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j]!
    const key = dense.keys[row]!
    let slot = slotOfKey[key]!
    if (slot < 0) {
      slot = groups.length
      slotOfKey[key] = slot
      groups.push({ key, label: dense.values[key]!, count: 0, failing: 0 })
    }
    const g = groups[slot]!
    g.count++
    if (table.status[row] === FAIL) g.failing++
  }
  const starts = new Int32Array(groups.length)
  let size = 0
  groups.forEach((g, s) => {
    starts[s] = size
    size += 1 + (collapsed.has(g.label) ? 0 : g.count)
  })
  const items = new Int32Array(size)
  const fill = Int32Array.from(starts, (s) => s + 1)
  groups.forEach((_, s) => (items[starts[s]!] = -(s + 1)))
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j]!
    const slot = slotOfKey[dense.keys[row]!]!
    if (collapsed.has(groups[slot]!.label)) continue
    items[fill[slot]!++] = row
  }
  return { items, groups }
}
