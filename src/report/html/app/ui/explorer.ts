// The findings explorer: facet panel, toolbar (search, sort, group, active filters, count), the
// virtual list of findings, and the detail panel. It renders what the app hands it; every user action
// becomes a new ViewState passed to `navigate`, so the address bar always reproduces the view.
import { ABSENT } from '../../payload.js'
import { accountLabel, type Catalog } from '../data/catalog.js'
import { findingAt, type DecodedReport } from '../data/decode.js'
import { BASELINES, SEVERITY_LABEL, SEVERITY_ORDER, STATUS_LABEL, STATUS_ORDER } from '../data/vocabulary.js'
import type { FacetIndex } from '../filter/facets.js'
import type { ListModel } from '../filter/order.js'
import type { QueryResult } from '../filter/query.js'
import { DIMENSIONS, GROUPS, SORTS, emptyFilters, withFilter, type GroupKey, type SortKey, type ViewState } from '../state/view-state.js'
import { detailView } from './detail.js'
import { clear, formatCount, h } from './dom.js'
import { FilterPanel } from './filter-panel.js'
import { DIMENSION_LABEL, valueLabel } from './labels.js'
import { VirtualList } from './virtual-list.js'

export interface ExplorerHost {
  state(): ViewState
  navigate(next: ViewState, replace?: boolean): void
  toggleGroup(label: string): void
}

const ROW_HEIGHT = 30
const SEARCH_DELAY_MS = 200
const SORT_LABEL: Record<SortKey, string> = { priority: 'Worst first', severity: 'Severity', check: 'Check', account: 'Account', region: 'Region', resource: 'Resource' }
const GROUP_LABEL: Record<GroupKey, string> = { none: 'No grouping', check: 'Group by check', account: 'Group by account' }
const COLUMNS = ['Severity', 'Status', 'Check', 'Account', 'Region', 'Resource', 'Message']

function select<T extends string>(label: string, values: readonly T[], names: Record<T, string>, onChange: (v: T) => void): HTMLSelectElement {
  const el = h('select', { 'aria-label': label }, ...values.map((v) => h('option', { value: v }, names[v])))
  el.addEventListener('change', () => onChange(el.value as T))
  return el
}

export class Explorer {
  readonly element: HTMLElement
  private readonly panel: FilterPanel
  private readonly list: VirtualList
  private readonly search: HTMLInputElement
  private readonly sort: HTMLSelectElement
  private readonly group: HTMLSelectElement
  private readonly count: HTMLElement
  private readonly chips: HTMLElement
  private readonly detail: HTMLElement
  private readonly accountLabels: string[]
  private model: ListModel = { items: new Int32Array(0), groups: [] }
  private searchTimer = 0
  private shownDetail: string | null = null
  private collapsed = new Set<string>()

  constructor(
    private readonly report: DecodedReport,
    private readonly catalog: Catalog,
    private readonly index: FacetIndex,
    private readonly host: ExplorerHost,
  ) {
    this.accountLabels = index.account.values.map((id) => accountLabel(catalog, id))
    this.panel = new FilterPanel(index, catalog, (d, values) => host.navigate({ ...withFilter(host.state(), d, values), finding: null }), report.meta.baseline !== undefined)
    this.search = h('input', { type: 'search', class: 'search', placeholder: 'Search resources, messages, accounts, checks, evidence…', 'aria-label': 'Search findings' })
    this.search.addEventListener('input', () => {
      clearTimeout(this.searchTimer)
      this.searchTimer = window.setTimeout(() => this.commitSearch(), SEARCH_DELAY_MS)
    })
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.commitSearch()
    })
    this.sort = select('Sort findings', SORTS, SORT_LABEL, (sort) => host.navigate({ ...host.state(), sort }))
    this.group = select('Group findings', GROUPS, GROUP_LABEL, (group) => host.navigate({ ...host.state(), group }))
    const clearButton = h('button', { type: 'button', class: 'clear-filters' }, 'Clear filters')
    clearButton.addEventListener('click', () => host.navigate({ ...host.state(), filters: emptyFilters(), q: '', finding: null }))
    this.count = h('p', { class: 'result-count', role: 'status', 'aria-live': 'polite' })
    this.chips = h('div', { class: 'chips', 'aria-label': 'Active filters' })
    const header = h('div', { class: 'vrow vheader', role: 'row', 'aria-rowindex': 1 }, ...COLUMNS.map((c) => h('span', { class: 'cell', role: 'columnheader' }, c)))
    this.list = new VirtualList({
      rowHeight: ROW_HEIGHT,
      label: 'Findings',
      header,
      createRow: () => this.createRow(),
      renderRow: (el, position) => this.renderRow(el, position),
      onActivate: (position) => this.activate(position),
    })
    this.detail = h('aside', { class: 'detail-pane', 'aria-label': 'Finding detail', hidden: true })
    this.detail.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.closeDetail()
    })
    this.element = h(
      'div',
      { class: 'explorer' },
      this.panel.element,
      h('div', { class: 'results' }, h('div', { class: 'toolbar' }, this.search, this.sort, this.group, clearButton), h('div', { class: 'status-line' }, this.count, this.chips), this.list.element),
      this.detail,
    )
  }

  private commitSearch(): void {
    clearTimeout(this.searchTimer)
    const state = this.host.state()
    if (state.q !== this.search.value) this.host.navigate({ ...state, q: this.search.value, finding: null }, true)
  }

  private closeDetail(): void {
    this.host.navigate({ ...this.host.state(), finding: null })
    this.list.element.focus()
  }

  private createRow(): HTMLElement {
    const cells = COLUMNS.map((c) => h('span', { class: `cell cell-${c.toLowerCase()}`, role: 'gridcell' }))
    return h('div', { class: 'vrow' }, ...cells, h('span', { class: 'cell group-cell', role: 'gridcell', hidden: true }))
  }

  private renderRow(el: HTMLElement, position: number): void {
    const item = this.model.items[position]!
    const cells = el.children
    const groupCell = cells[COLUMNS.length] as HTMLElement
    const isGroup = item < 0
    el.classList.toggle('group-row', isGroup)
    for (let c = 0; c < COLUMNS.length; c++) (cells[c] as HTMLElement).hidden = isGroup
    groupCell.hidden = !isGroup
    if (isGroup) {
      const g = this.model.groups[-item - 1]!
      const title = this.host.state().group === 'check' ? `${g.label} — ${this.catalog.checks.get(g.label)?.title ?? ''}` : accountLabel(this.catalog, g.label)
      const collapsed = this.collapsed.has(g.label)
      el.setAttribute('aria-expanded', String(!collapsed))
      el.classList.remove('selected', 'muted')
      groupCell.textContent = `${collapsed ? '▸' : '▾'} ${title} — ${formatCount(g.count)} findings, ${formatCount(g.failing)} failing`
      return
    }
    el.removeAttribute('aria-expanded')
    const t = this.report.table
    const s = t.strings
    const status = STATUS_ORDER[t.status[item]!]!
    const severity = SEVERITY_ORDER[t.severity[item]!]!
    const muted = t.muted[item] !== ABSENT
    const baseline = t.baseline[item]! >= 0 ? BASELINES[t.baseline[item]!] : undefined
    const set = (c: number, text: string, className?: string): void => {
      const cell = cells[c] as HTMLElement
      cell.textContent = text
      if (className !== undefined) cell.className = `cell ${className}`
    }
    set(0, SEVERITY_LABEL[severity], `cell-severity sev-${severity}`)
    set(1, `${STATUS_LABEL[status]}${muted ? ' · muted' : ''}${baseline === 'new' ? ' · new' : baseline === 'resolved' ? ' · resolved' : ''}`, `cell-status status-${status}`)
    set(2, s[t.checkId[item]!]!)
    set(3, this.accountLabels[this.index.account.keys[item]!]!)
    set(4, s[t.region[item]!]!)
    set(5, t.resource[item]!)
    set(6, t.message[item]!)
    el.classList.toggle('muted', muted)
    el.classList.toggle('selected', t.id[item] === this.host.state().finding)
  }

  /** Group headers drawn as collapsed; the app owns the set (listModel leaves their rows out). */
  setCollapsed(collapsed: ReadonlySet<string>): void {
    this.collapsed = new Set(collapsed)
  }

  private activate(position: number): void {
    const item = this.model.items[position]
    if (item === undefined) return
    if (item < 0) {
      this.host.toggleGroup(this.model.groups[-item - 1]!.label)
      return
    }
    this.host.navigate({ ...this.host.state(), finding: this.report.table.id[item]! })
  }

  /** Redraw for a new state. `rowsChanged`: the list content changed (filters, sort, grouping). */
  update(state: ViewState, result: QueryResult, model: ListModel, rowsChanged: boolean, findingRow: number | null): void {
    this.model = model
    if (document.activeElement !== this.search && this.search.value !== state.q) this.search.value = state.q
    this.sort.value = state.sort
    this.group.value = state.group
    this.panel.update(state.filters, result.facetCounts)
    const total = this.report.table.count
    this.count.textContent = result.total === total ? `${formatCount(total)} findings` : `${formatCount(result.total)} of ${formatCount(total)} findings`
    this.count.dataset.count = String(result.total)
    this.renderChips(state)
    if (rowsChanged) this.list.setItems(model.items.length, false)
    else this.list.refresh()
    this.renderDetail(state, findingRow)
  }

  private renderChips(state: ViewState): void {
    clear(this.chips)
    for (const d of DIMENSIONS) {
      for (const v of state.filters[d]) {
        const chip = h('button', { type: 'button', class: 'chip', 'aria-label': `Remove filter ${DIMENSION_LABEL[d]}: ${valueLabel(this.catalog, d, v).text}` }, `${DIMENSION_LABEL[d]}: ${valueLabel(this.catalog, d, v).text} ×`)
        chip.addEventListener('click', () => this.host.navigate(withFilter(this.host.state(), d, state.filters[d].filter((x) => x !== v))))
        this.chips.appendChild(chip)
      }
    }
    if (state.q.trim() !== '') {
      const chip = h('button', { type: 'button', class: 'chip', 'aria-label': 'Remove search' }, `Search: ${state.q} ×`)
      chip.addEventListener('click', () => this.host.navigate({ ...this.host.state(), q: '' }))
      this.chips.appendChild(chip)
    }
  }

  private renderDetail(state: ViewState, row: number | null): void {
    const id = row === null ? null : state.finding
    if (id === this.shownDetail) return
    this.shownDetail = id
    clear(this.detail)
    if (row === null) {
      this.detail.hidden = true
      return
    }
    this.detail.hidden = false
    this.detail.appendChild(detailView(findingAt(this.report.table, row), this.catalog, () => this.closeDetail()))
    this.detail.querySelector<HTMLElement>('button.close')?.focus({ preventScroll: true })
  }
}
