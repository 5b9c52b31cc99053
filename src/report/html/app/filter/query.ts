// One pass over the rows answers a filter change: which rows match, and the facet counts the filter
// panel shows (for each dimension, how many rows would match if that dimension's own selection were
// cleared — the usual faceted-search semantics, so a count next to a checkbox is what ticking it
// alone would give). A row that fails no dimension counts everywhere; a row that fails exactly one
// counts only for that one.
import { DIMENSIONS, type Dimension } from '../state/view-state.js'
import type { FacetIndex, KeyColumn } from './facets.js'

export interface QueryResult {
  /** 1 for a matching row. */
  readonly match: Uint8Array
  readonly total: number
  readonly facetCounts: Record<Dimension, Map<string, number>>
}

const TEXT = -2

export function runQuery(index: FacetIndex, filters: Record<Dimension, readonly string[]>, textMatch: Uint8Array | null, rowCount: number): QueryResult {
  const active: { dimension: Dimension; keys: KeyColumn; allowed: Uint8Array }[] = []
  for (const d of DIMENSIONS) {
    const selected = filters[d]
    if (selected.length === 0) continue
    const wanted = new Set(selected)
    const facet = index.facets[d]
    active.push({ dimension: d, keys: facet.keys, allowed: Uint8Array.from(facet.values, (vs) => (vs.some((v) => wanted.has(v)) ? 1 : 0)) })
  }
  const keyCols = DIMENSIONS.map((d) => index.facets[d].keys)
  const counts = DIMENSIONS.map((d) => new Float64Array(index.facets[d].values.length))
  const activeSlot = active.map((a) => DIMENSIONS.indexOf(a.dimension))
  const match = new Uint8Array(rowCount)
  let total = 0
  for (let i = 0; i < rowCount; i++) {
    let fails = 0
    let failed = -1
    for (let a = 0; a < active.length; a++) {
      const dim = active[a]!
      if (dim.allowed[dim.keys[i]!] === 0) {
        fails++
        failed = a
        if (fails > 1) break
      }
    }
    if (textMatch !== null && textMatch[i] === 0) {
      fails++
      failed = TEXT
    }
    if (fails === 0) {
      match[i] = 1
      total++
      for (let d = 0; d < keyCols.length; d++) counts[d]![keyCols[d]![i]!]!++
    } else if (fails === 1 && failed !== TEXT) {
      const d = activeSlot[failed]!
      counts[d]![keyCols[d]![i]!]!++
    }
  }
  const facetCounts = {} as Record<Dimension, Map<string, number>>
  DIMENSIONS.forEach((d, slot) => {
    const byValue = new Map<string, number>()
    const values = index.facets[d].values
    counts[slot]!.forEach((c, k) => {
      if (c === 0) return
      for (const v of values[k]!) byValue.set(v, (byValue.get(v) ?? 0) + c)
    })
    facetCounts[d] = byValue
  })
  return { match, total, facetCounts }
}
