// What the user is looking at, as one plain value, and its round trip through the URL fragment:
// `#view=findings&status=fail&severity=high,critical&q=root` reproduces a view when the link is
// shared. Pure (no DOM), unit-tested in Node.
import { BASELINES, SEVERITY_ORDER, STATUS_ORDER, type BaselineState, type Severity, type Status } from '../data/vocabulary.js'

export const VIEWS = ['overview', 'findings', 'suppressed', 'changes'] as const
export type View = (typeof VIEWS)[number]
export const SORTS = ['priority', 'severity', 'check', 'account', 'region', 'resource'] as const
export type SortKey = (typeof SORTS)[number]
export const GROUPS = ['none', 'check', 'account'] as const
export type GroupKey = (typeof GROUPS)[number]
export const MUTED_VALUES = ['muted', 'unmuted'] as const
export type MutedValue = (typeof MUTED_VALUES)[number]

/** The filterable dimensions, in the order the fragment and the filter panel list them. */
export const DIMENSIONS = ['status', 'severity', 'account', 'ou', 'region', 'check', 'control', 'muted', 'baseline'] as const
export type Dimension = (typeof DIMENSIONS)[number]

export interface ViewState {
  view: View
  filters: Record<Dimension, readonly string[]>
  /** Free text; every whitespace-separated term must occur (case-insensitive). */
  q: string
  sort: SortKey
  group: GroupKey
  /** The finding whose detail is open (its id), if any. */
  finding: string | null
}

/** Values a closed dimension accepts; open dimensions (accounts, checks …) accept any string. */
const CLOSED: Partial<Record<Dimension, readonly string[]>> = {
  status: STATUS_ORDER,
  severity: SEVERITY_ORDER,
  muted: MUTED_VALUES,
  baseline: BASELINES,
}

export function emptyFilters(): Record<Dimension, readonly string[]> {
  return Object.fromEntries(DIMENSIONS.map((d) => [d, []])) as unknown as Record<Dimension, readonly string[]>
}

export function defaultState(): ViewState {
  return { view: 'overview', filters: emptyFilters(), q: '', sort: 'priority', group: 'none', finding: null }
}

export function hasFilters(state: ViewState): boolean {
  return state.q.trim() !== '' || DIMENSIONS.some((d) => state.filters[d].length > 0)
}

// ':' '@' and '/' are legal in a fragment; leaving them readable keeps `control=cis-aws-3.0:1.10`
// legible. ',' stays encoded (%2C) because it separates the values of one dimension.
const encodeValue = (v: string): string => encodeURIComponent(v).replace(/%3A/g, ':').replace(/%40/g, '@').replace(/%2F/g, '/')

function decodeValue(v: string): string | null {
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '))
  } catch {
    return null // a malformed escape in a hand-edited link: ignore that parameter
  }
}

const oneOf = <T extends string>(values: readonly T[], v: string | undefined, fallback: T): T => (v !== undefined && (values as readonly string[]).includes(v) ? (v as T) : fallback)

export function parseFragment(fragment: string): ViewState {
  const state = defaultState()
  const params = new Map<string, string[]>()
  for (const part of fragment.replace(/^#/, '').split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const key = eq < 0 ? part : part.slice(0, eq)
    const raw = eq < 0 ? '' : part.slice(eq + 1)
    const values = raw === '' ? [] : raw.split(',').map(decodeValue)
    if (values.some((v) => v === null)) continue
    params.set(key, values as string[])
  }
  const filters = emptyFilters()
  for (const d of DIMENSIONS) {
    const values = params.get(d) ?? []
    const closed = CLOSED[d]
    const kept = closed === undefined ? values : values.filter((v) => closed.includes(v))
    filters[d] = [...new Set(kept)]
  }
  state.filters = filters
  state.q = (params.get('q') ?? []).join(',')
  state.sort = oneOf(SORTS, params.get('sort')?.[0], 'priority')
  state.group = oneOf(GROUPS, params.get('group')?.[0], 'none')
  state.finding = params.get('f')?.[0] ?? null
  state.view = oneOf(VIEWS, params.get('view')?.[0], impliedView(state))
  return state
}

/** A link with filters (or a finding) but no view means "show me those findings". */
function impliedView(state: ViewState): View {
  return hasFilters(state) || state.finding !== null ? 'findings' : 'overview'
}

/** The canonical fragment (no '#'): fixed key order, defaults left out, so equal views give equal links. */
export function toFragment(state: ViewState): string {
  const parts: string[] = []
  if (state.view !== impliedView(state)) parts.push(`view=${state.view}`)
  for (const d of DIMENSIONS) {
    const values = state.filters[d]
    if (values.length > 0) parts.push(`${d}=${values.map(encodeValue).join(',')}`)
  }
  if (state.q !== '') parts.push(`q=${encodeValue(state.q)}`)
  if (state.sort !== 'priority') parts.push(`sort=${state.sort}`)
  if (state.group !== 'none') parts.push(`group=${state.group}`)
  if (state.finding !== null) parts.push(`f=${encodeValue(state.finding)}`)
  return parts.join('&')
}

export function withFilter(state: ViewState, dimension: Dimension, values: readonly string[]): ViewState {
  return { ...state, filters: { ...state.filters, [dimension]: values } }
}

export type { BaselineState, Severity, Status }
