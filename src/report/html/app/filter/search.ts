// Free-text search over what a person would type: check id and title, account id and name, region,
// resource, message, finding id, error code, mute reason and owner, and the evidence text. The
// lower-cased haystacks are built on the first search (a report that is never searched never pays for
// them), and the last answer is cached because the filter panel re-queries with the same text.
import { ABSENT } from '../../payload.js'
import type { Catalog } from '../data/catalog.js'
import type { FindingTable } from '../data/decode.js'

export function searchTerms(q: string): string[] {
  return q.toLowerCase().split(/\s+/).filter((t) => t !== '')
}

export class TextSearch {
  private haystacks: string[] | null = null
  private lastQuery = ''
  private lastResult: Uint8Array | null = null

  constructor(
    private readonly table: FindingTable,
    private readonly catalog: Catalog,
  ) {}

  private build(): string[] {
    const t = this.table
    const s = t.strings
    const perString = new Map<number, string>()
    const labelOfString = (i: number, make: (v: string) => string): string => {
      let label = perString.get(i)
      if (label === undefined) {
        label = make(s[i]!)
        perString.set(i, label)
      }
      return label
    }
    const checkText = (id: string): string => `${id} ${this.catalog.checks.get(id)?.title ?? ''}`
    const accountText = (id: string): string => `${id} ${this.catalog.accounts.get(id)?.name ?? ''}`
    const out = new Array<string>(t.count)
    for (let i = 0; i < t.count; i++) {
      const parts = [
        labelOfString(t.checkId[i]!, checkText),
        labelOfString(t.accountId[i]!, accountText),
        s[t.region[i]!]!,
        t.resource[i]!,
        t.message[i]!,
        t.id[i]!,
        t.errorCode[i] === ABSENT ? '' : s[t.errorCode[i]!]!,
        t.muted[i] === ABSENT ? '' : s[t.muted[i]!]!,
        t.evidence[i] ?? '',
      ]
      out[i] = parts.join('\u0000').toLowerCase()
    }
    return out
  }

  /** null when the query has no terms (no text filter). */
  match(q: string): Uint8Array | null {
    const terms = searchTerms(q)
    if (terms.length === 0) return null
    const key = terms.join(' ')
    if (key === this.lastQuery && this.lastResult !== null) return this.lastResult
    const hay = (this.haystacks ??= this.build())
    const result = new Uint8Array(hay.length)
    for (let i = 0; i < hay.length; i++) {
      const h = hay[i]!
      let ok = 1
      for (const term of terms) {
        if (!h.includes(term)) {
          ok = 0
          break
        }
      }
      result[i] = ok
    }
    this.lastQuery = key
    this.lastResult = result
    return result
  }
}
