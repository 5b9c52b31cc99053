// The facet panel: one group of checkboxes per dimension, each value with the count ticking it
// would give. Long lists (accounts, checks, controls) show the largest first, can be narrowed with
// a find box, and stop at a limit until "show all" — 1,000 accounts stay usable and cheap to redraw.
// Native checkboxes keep it keyboard- and screen-reader-usable; focus survives a redraw.
import type { Catalog } from '../data/catalog.js'
import type { FacetIndex } from '../filter/facets.js'
import { DIMENSIONS, type Dimension } from '../state/view-state.js'
import { clear, formatCount, h } from './dom.js'
import { DIMENSION_LABEL, valueLabel } from './labels.js'

const LIMIT = 40
/** Dimensions with a short, fixed list: every value always shown, in their natural order. */
const FIXED_ORDER: ReadonlySet<Dimension> = new Set(['status', 'severity', 'muted', 'baseline'])
const OPEN_BY_DEFAULT: ReadonlySet<Dimension> = new Set(['status', 'severity', 'check', 'account'])

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

interface FacetUi {
  details: HTMLDetailsElement
  summaryCount: HTMLElement
  find: HTMLInputElement | null
  list: HTMLUListElement
  more: HTMLButtonElement
  showAll: boolean
  universe: string[]
}

export class FilterPanel {
  readonly element: HTMLElement
  private readonly facets = new Map<Dimension, FacetUi>()
  private last: { selected: Record<Dimension, readonly string[]>; counts: Record<Dimension, Map<string, number>> } | null = null

  constructor(
    index: FacetIndex,
    private readonly catalog: Catalog,
    onChange: (dimension: Dimension, values: string[]) => void,
    hasBaseline: boolean,
  ) {
    this.element = h('form', { class: 'filters', 'aria-label': 'Filters' })
    this.element.addEventListener('submit', (e) => e.preventDefault())
    for (const d of DIMENSIONS) {
      if (d === 'baseline' && !hasBaseline) continue
      const universe = [...new Set(index.facets[d].values.flat())]
      if (!FIXED_ORDER.has(d)) universe.sort(byCodePoint)
      if (universe.length === 0) continue
      const summaryCount = h('span', { class: 'facet-selected' })
      const list = h('ul', { class: 'facet-options' })
      const more = h('button', { type: 'button', class: 'facet-more', hidden: true })
      const find = universe.length > 12 ? h('input', { type: 'search', class: 'facet-find', placeholder: `Find ${DIMENSION_LABEL[d].toLowerCase()}…`, 'aria-label': `Find ${DIMENSION_LABEL[d].toLowerCase()}` }) : null
      const details = h('details', { class: 'facet', 'data-dim': d, open: OPEN_BY_DEFAULT.has(d) }, h('summary', {}, DIMENSION_LABEL[d], ' ', summaryCount), find, list, more)
      const ui: FacetUi = { details, summaryCount, find, list, more, showAll: false, universe }
      more.addEventListener('click', () => {
        ui.showAll = !ui.showAll
        this.redraw(d)
      })
      find?.addEventListener('input', () => this.redraw(d))
      list.addEventListener('change', (e) => {
        const input = e.target as HTMLInputElement
        const selected = new Set(this.last?.selected[d] ?? [])
        if (input.checked) selected.add(input.value)
        else selected.delete(input.value)
        // Keep the values in the panel's order so the same selection gives the same link.
        const ordered = [...ui.universe.filter((v) => selected.has(v)), ...[...selected].filter((v) => !ui.universe.includes(v))]
        onChange(d, ordered)
      })
      this.facets.set(d, ui)
      this.element.appendChild(details)
    }
  }

  update(selected: Record<Dimension, readonly string[]>, counts: Record<Dimension, Map<string, number>>): void {
    this.last = { selected, counts }
    for (const d of this.facets.keys()) this.redraw(d)
  }

  private redraw(d: Dimension): void {
    const ui = this.facets.get(d)!
    if (this.last === null) return
    const selected = new Set(this.last.selected[d])
    const counts = this.last.counts[d]
    const focused = document.activeElement instanceof HTMLInputElement && ui.list.contains(document.activeElement) ? document.activeElement.value : null
    const needle = ui.find?.value.trim().toLowerCase() ?? ''
    let values: string[]
    if (FIXED_ORDER.has(d)) {
      values = ui.universe.filter((v) => d === 'status' || d === 'severity' || selected.has(v) || (counts.get(v) ?? 0) > 0)
    } else {
      const candidates = [...new Set([...selected, ...ui.universe])].filter((v) => selected.has(v) || (counts.get(v) ?? 0) > 0)
      const matching = needle === '' ? candidates : candidates.filter((v) => `${valueLabel(this.catalog, d, v).text} ${valueLabel(this.catalog, d, v).sub ?? ''} ${v}`.toLowerCase().includes(needle))
      values = matching.sort((a, b) => Number(selected.has(b)) - Number(selected.has(a)) || (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || byCodePoint(a, b))
    }
    const shown = ui.showAll ? values : values.slice(0, LIMIT)
    clear(ui.list)
    for (const v of shown) {
      const label = valueLabel(this.catalog, d, v)
      const input = h('input', { type: 'checkbox', value: v, checked: selected.has(v) })
      input.checked = selected.has(v)
      const count = counts.get(v) ?? 0
      ui.list.appendChild(
        h(
          'li',
          { class: count === 0 && !selected.has(v) ? 'empty' : undefined },
          h('label', { title: label.sub }, input, h('span', { class: 'opt-text' }, h('span', { class: 'opt-label' }, label.text), label.sub !== undefined ? h('span', { class: 'opt-sub' }, label.sub) : null), h('span', { class: 'opt-count' }, formatCount(count))),
        ),
      )
      if (focused === v) input.focus()
    }
    ui.more.hidden = values.length <= LIMIT
    ui.more.textContent = ui.showAll ? 'Show fewer' : `Show all ${formatCount(values.length)}`
    ui.summaryCount.textContent = selected.size > 0 ? `(${selected.size} selected)` : ''
    if (selected.size > 0) ui.details.open = true
  }
}
