// The controller: owns the decoded report, the indexes and the current ViewState; turns a state into
// a screen. Everything a user does becomes a new state (navigate), which is written to the URL
// fragment and rendered synchronously, so a shared link reproduces the view and the benchmark can
// time a filter change as one call.
import { buildCatalog, type Catalog } from './data/catalog.js'
import type { DecodedReport } from './data/decode.js'
import { aggregate } from './filter/aggregate.js'
import { buildFacetIndex, type FacetIndex } from './filter/facets.js'
import { listModel, Orderings, orderedMatches, type ListModel } from './filter/order.js'
import { runQuery, type QueryResult } from './filter/query.js'
import { TextSearch } from './filter/search.js'
import { DIMENSIONS, parseFragment, toFragment, VIEWS, type View, type ViewState } from './state/view-state.js'
import { changesView } from './ui/changes.js'
import { formatCount, h } from './ui/dom.js'
import { Explorer } from './ui/explorer.js'
import { overviewView } from './ui/overview.js'
import { printFindings } from './ui/print-view.js'
import { suppressedView } from './ui/suppressed.js'

const VIEW_LABEL: Record<View, string> = { overview: 'Overview', findings: 'Findings', suppressed: 'Suppressed', changes: 'Changes since baseline' }

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((v, i) => v === b[i])
const sameFilters = (a: ViewState, b: ViewState): boolean => a.q === b.q && DIMENSIONS.every((d) => sameList(a.filters[d], b.filters[d]))

export class App {
  private readonly catalog: Catalog
  private readonly index: FacetIndex
  private readonly search: TextSearch
  private readonly orderings: Orderings
  private readonly panels = new Map<View, HTMLElement>()
  private readonly built = new Set<View>()
  private readonly tabs = new Map<View, HTMLAnchorElement>()
  private readonly printRoot: HTMLElement
  private readonly views: View[]
  private explorer: Explorer | null = null
  private current: ViewState = parseFragment('')
  /** The state the explorer last drew (it is not redrawn while another view is shown). */
  private explorerDrawn: ViewState | null = null
  private appliedFragment: string | null = null
  private result: QueryResult | null = null
  private rows: Uint32Array | null = null
  private model: ListModel | null = null
  private collapsed = new Set<string>()
  private rowOfId: Map<string, number> | null = null
  private renderSeq = 0

  constructor(
    private readonly report: DecodedReport,
    private readonly root: HTMLElement,
  ) {
    this.catalog = buildCatalog(report.meta)
    this.index = buildFacetIndex(report.table, this.catalog.accounts)
    this.search = new TextSearch(report.table, this.catalog)
    this.orderings = new Orderings(report.table, this.index)
    const hasMuted = report.meta.suppressions !== undefined || report.table.muted.some((m) => m >= 0)
    this.views = VIEWS.filter((v) => (v === 'suppressed' ? hasMuted : v === 'changes' ? report.meta.baseline !== undefined : true))
    this.printRoot = h('div', { class: 'print-root print-only' })
    this.mount()
  }

  private mount(): void {
    const { run, tool } = this.report.meta
    const doc = this.root.ownerDocument
    doc.title = `guardrail report — as of ${run.asOf}`
    const nav = h('nav', { class: 'tabs screen-only', 'aria-label': 'Report sections' })
    for (const v of this.views) {
      const tab = h('a', { href: `#view=${v}`, class: 'tab' }, VIEW_LABEL[v])
      this.tabs.set(v, tab)
      nav.appendChild(tab)
    }
    const meta = [
      `${formatCount(run.accounts.length)} account${run.accounts.length === 1 ? '' : 's'}, ${formatCount(run.regions.length)} region${run.regions.length === 1 ? '' : 's'}`,
      `as of ${run.asOf}`,
      `collected ${run.startedAt} – ${run.finishedAt}`,
      `partition ${run.partition}`,
      `by ${run.caller.arn}`,
      `${tool.name} ${tool.version} (${run.command})`,
    ]
    const main = h('main', { class: 'views' })
    for (const v of this.views) {
      const panel = h('div', { class: `view view-${v}`, id: `view-${v}`, 'aria-label': VIEW_LABEL[v], hidden: true })
      this.panels.set(v, panel)
      main.appendChild(panel)
    }
    // Pages written beside this one in the same run (control reports, the access map).
    const companions = this.report.links.length === 0 ? null : h('p', { class: 'companions screen-only' }, 'Also from this run: ', ...this.report.links.flatMap((l, i) => [i > 0 ? ' · ' : '', h('a', { href: l.href, class: 'companion' }, l.label)]))
    this.root.replaceChildren(h('header', { class: 'masthead' }, h('h1', {}, 'guardrail report'), h('p', { class: 'run-meta' }, meta.join(' · ')), ...(companions ? [companions] : []), nav), main, this.printRoot)
  }

  private ensureBuilt(v: View): void {
    if (this.built.has(v)) return
    this.built.add(v)
    const panel = this.panels.get(v)
    if (panel === undefined) return
    if (v === 'overview') panel.appendChild(overviewView(this.report, this.catalog, aggregate(this.report.table, this.index)))
    if (v === 'suppressed') panel.appendChild(suppressedView(this.report, this.catalog))
    if (v === 'changes') {
      const view = changesView(this.report, this.catalog)
      if (view !== null) panel.appendChild(view)
    }
    if (v === 'findings') {
      this.explorer = new Explorer(this.report, this.catalog, this.index, {
        state: () => this.current,
        navigate: (next, replace) => this.navigate(next, replace),
        toggleGroup: (label) => this.toggleGroup(label),
      })
      panel.appendChild(this.explorer.element)
    }
  }

  state(): ViewState {
    return this.current
  }

  /** A user action: record it in the URL (a history entry unless `replace`), then render. */
  navigate(next: ViewState, replace = false): void {
    const fragment = toFragment(next)
    const url = fragment === '' ? location.pathname + location.search : `#${fragment}`
    try {
      if (replace) history.replaceState(null, '', url)
      else history.pushState(null, '', url)
    } catch {
      // Some browsers refuse history entries for file:// pages; the fragment still works.
      if (replace) location.replace(`#${fragment}`)
      else location.hash = fragment
    }
    this.appliedFragment = fragment
    this.apply(next)
  }

  /** The URL changed under us (back/forward, an edited or clicked link). */
  applyLocation(): void {
    const fragment = location.hash.replace(/^#/, '')
    if (fragment === this.appliedFragment) return
    this.appliedFragment = fragment
    this.apply(parseFragment(fragment))
  }

  private toggleGroup(label: string): void {
    if (this.collapsed.has(label)) this.collapsed.delete(label)
    else this.collapsed.add(label)
    this.model = null
    this.apply(this.current)
  }

  private findingRow(id: string | null): number | null {
    if (id === null) return null
    if (this.rowOfId === null) {
      this.rowOfId = new Map()
      this.report.table.id.forEach((fid, i) => this.rowOfId!.set(fid, i))
    }
    return this.rowOfId.get(id) ?? null
  }

  apply(state: ViewState): void {
    const view = this.views.includes(state.view) ? state.view : 'overview'
    this.current = { ...state, view }
    for (const [v, panel] of this.panels) panel.hidden = v !== view
    for (const [v, tab] of this.tabs) {
      tab.href = `#${toFragment({ ...this.current, view: v })}`
      if (v === view) tab.setAttribute('aria-current', 'page')
      else tab.removeAttribute('aria-current')
    }
    this.ensureBuilt(view)
    if (view === 'findings') this.renderExplorer()
    this.root.ownerDocument.documentElement.dataset.renderSeq = String(++this.renderSeq)
  }

  private renderExplorer(): void {
    const state = this.current
    const prev = this.explorerDrawn
    const table = this.report.table
    const filtersChanged = this.result === null || prev === null || !sameFilters(prev, state)
    if (filtersChanged) {
      this.result = runQuery(this.index, state.filters, this.search.match(state.q), table.count)
      this.collapsed.clear()
    }
    const rowsChanged = filtersChanged || this.rows === null || prev?.sort !== state.sort
    if (rowsChanged) this.rows = orderedMatches(this.orderings.permutation(state.sort), this.result!.match, this.result!.total)
    const modelChanged = rowsChanged || this.model === null || prev?.group !== state.group
    if (modelChanged) {
      this.model = listModel(this.rows!, state.group, this.index, table, this.collapsed)
      this.explorer!.setCollapsed(this.collapsed)
    }
    this.explorer!.update(state, this.result!, this.model!, modelChanged, this.findingRow(state.finding))
    this.root.ownerDocument.documentElement.dataset.count = String(this.result!.total)
    this.explorerDrawn = state
  }

  /** Everything the printed document shows, built once (synchronously, so page.pdf can follow). */
  preparePrint(): void {
    for (const v of this.views) if (v !== 'findings') this.ensureBuilt(v)
    if (this.printRoot.childElementCount === 0) this.printRoot.appendChild(printFindings(this.report, this.catalog, this.index))
    // Paper cannot expand a disclosure: print them open.
    for (const details of this.root.querySelectorAll('details')) details.open = true
    this.root.ownerDocument.documentElement.dataset.printReady = 'true'
  }
}
