// Every filterable dimension as a per-row key column plus, per key, the filter values that key
// stands for. Most dimensions have one value per key (a row's status, its account); two have
// several: an account lies in every OU of its path, and a check's framework refs name many
// controls. Keying those by account / by framework-ref set keeps the per-row scan a single array
// lookup whatever the dimension.
import { ABSENT } from '../../payload.js'
import { controlKey } from '../data/catalog.js'
import type { FindingTable } from '../data/decode.js'
import { BASELINES, SEVERITY_ORDER, STATUS_ORDER, type Account } from '../data/vocabulary.js'
import { DIMENSIONS, type Dimension } from '../state/view-state.js'

export type KeyColumn = Uint8Array | Int32Array

export interface Facet {
  readonly dimension: Dimension
  readonly keys: KeyColumn
  /** Filter values per key. */
  readonly values: readonly (readonly string[])[]
}

export interface Dense {
  /** Per row: a dense key 0..values.length-1. */
  keys: Int32Array
  /** Per dense key: the string it stands for. */
  values: string[]
}

/** Re-keys a string-table column densely, so per-key arrays are as small as the dimension. */
export function densify(column: Int32Array, strings: readonly string[]): Dense {
  const byString = new Map<number, number>()
  const values: string[] = []
  const keys = new Int32Array(column.length)
  for (let i = 0; i < column.length; i++) {
    const s = column[i]!
    let k = byString.get(s)
    if (k === undefined) {
      k = values.length
      byString.set(s, k)
      values.push(strings[s]!)
    }
    keys[i] = k
  }
  return { keys, values }
}

export interface FacetIndex {
  readonly facets: Record<Dimension, Facet>
  readonly account: Dense
  readonly check: Dense
  readonly region: Dense
  /** Frameworks JSON per row, densified; `controls[k]` its 'framework:control' keys. */
  readonly frameworks: Dense
  readonly controls: readonly (readonly string[])[]
}

function controlsOf(frameworksJson: string): string[] {
  const refs = JSON.parse(frameworksJson) as Record<string, string[]>
  return Object.entries(refs).flatMap(([fw, ids]) => ids.map((id) => controlKey(fw, id)))
}

export function buildFacetIndex(table: FindingTable, accounts: ReadonlyMap<string, Account>): FacetIndex {
  const account = densify(table.accountId, table.strings)
  const check = densify(table.checkId, table.strings)
  const region = densify(table.region, table.strings)
  const frameworks = densify(table.frameworks, table.strings)
  const controls = frameworks.values.map(controlsOf)
  const n = table.count
  const muted = new Uint8Array(n)
  const baseline = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    muted[i] = table.muted[i] === ABSENT ? 1 : 0
    baseline[i] = table.baseline[i]! + 1
  }
  const single = (values: readonly string[]): string[][] => values.map((v) => [v])
  const facets: Record<Dimension, Facet> = {
    status: { dimension: 'status', keys: table.status, values: single(STATUS_ORDER) },
    severity: { dimension: 'severity', keys: table.severity, values: single(SEVERITY_ORDER) },
    account: { dimension: 'account', keys: account.keys, values: single(account.values) },
    ou: { dimension: 'ou', keys: account.keys, values: account.values.map((id) => (accounts.get(id)?.ouPath ?? []).map((ou) => ou.id)) },
    region: { dimension: 'region', keys: region.keys, values: single(region.values) },
    check: { dimension: 'check', keys: check.keys, values: single(check.values) },
    control: { dimension: 'control', keys: frameworks.keys, values: controls },
    muted: { dimension: 'muted', keys: muted, values: [['muted'], ['unmuted']] },
    baseline: { dimension: 'baseline', keys: baseline, values: [[], ...single(BASELINES)] },
  }
  for (const d of DIMENSIONS) if (facets[d].keys.length !== n) throw new Error(`facet ${d}: wrong length`)
  return { facets, account, check, region, frameworks, controls }
}
