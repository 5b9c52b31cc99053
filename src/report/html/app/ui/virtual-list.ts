// A list that renders only the rows on screen (plus a few either side), so 100,000 findings cost
// the same DOM as 40. Fixed row height makes the position ↔ item mapping arithmetic. Row elements
// are pooled and re-filled as the user scrolls. Keyboard: the list is one tab stop; arrows, Page
// Up/Down, Home/End move the active row (aria-activedescendant), Enter or Space activates it.
import { h } from './dom.js'

export interface VirtualListOptions {
  rowHeight: number
  /** Accessible name of the grid. */
  label: string
  /** The column header row, kept at the top of the scroller. */
  header: HTMLElement
  createRow(): HTMLElement
  /** Fills a pooled row element for the item at `position` (0-based). */
  renderRow(el: HTMLElement, position: number): void
  onActivate(position: number): void
}

const OVERSCAN = 8

export class VirtualList {
  readonly element: HTMLElement
  private readonly canvas: HTMLElement
  private readonly pool: HTMLElement[] = []
  private count = 0
  private active = -1
  private version = 0
  private frame = 0

  constructor(private readonly options: VirtualListOptions) {
    this.canvas = h('div', { class: 'vlist-canvas', role: 'rowgroup' })
    this.element = h('div', { class: 'vlist', role: 'grid', tabindex: 0, 'aria-label': options.label, 'aria-rowcount': 0 }, options.header, this.canvas)
    this.element.addEventListener('scroll', () => this.schedule())
    this.element.addEventListener('keydown', (e) => this.onKey(e))
    this.element.addEventListener('click', (e) => {
      const row = (e.target as Element).closest<HTMLElement>('[data-position]')
      if (row === null) return
      const position = Number(row.dataset.position)
      this.setActive(position)
      this.options.onActivate(position)
    })
    if (typeof ResizeObserver !== 'undefined') new ResizeObserver(() => this.schedule()).observe(this.element)
  }

  /** New content: `count` items. Keeps the scroll position when `keepScroll`, else goes to the top. */
  setItems(count: number, keepScroll: boolean): void {
    this.count = count
    this.version++
    this.canvas.style.height = `${count * this.options.rowHeight}px`
    this.element.setAttribute('aria-rowcount', String(count + 1))
    if (!keepScroll) {
      this.element.scrollTop = 0
      this.active = count > 0 ? 0 : -1
    } else if (this.active >= count) {
      this.active = count - 1
    }
    this.render()
  }

  /** Re-fill the visible rows (e.g. the selected finding changed). */
  refresh(): void {
    this.version++
    this.render()
  }

  get activePosition(): number {
    return this.active
  }

  setActive(position: number): void {
    if (this.count === 0) return
    this.active = Math.max(0, Math.min(this.count - 1, position))
    this.scrollIntoView(this.active)
    this.version++
    this.render()
  }

  scrollIntoView(position: number): void {
    const rh = this.options.rowHeight
    const headerHeight = this.options.header.offsetHeight
    const top = position * rh
    const view = this.element.clientHeight - headerHeight
    if (top < this.element.scrollTop) this.element.scrollTop = top
    else if (top + rh > this.element.scrollTop + view) this.element.scrollTop = top + rh - view
  }

  private schedule(): void {
    if (this.frame !== 0) return
    this.frame = requestAnimationFrame(() => {
      this.frame = 0
      this.render()
    })
  }

  private render(): void {
    const rh = this.options.rowHeight
    const viewHeight = this.element.clientHeight || 600
    const first = Math.max(0, Math.floor(this.element.scrollTop / rh) - OVERSCAN)
    const last = Math.min(this.count, Math.ceil((this.element.scrollTop + viewHeight) / rh) + OVERSCAN)
    const needed = Math.max(0, last - first)
    while (this.pool.length < needed) {
      const el = this.options.createRow()
      el.setAttribute('role', 'row')
      this.pool.push(el)
      this.canvas.appendChild(el)
    }
    let activeId: string | null = null
    this.pool.forEach((el, slot) => {
      const position = first + slot
      if (slot >= needed) {
        el.hidden = true
        return
      }
      el.hidden = false
      const stamp = `${this.version}:${position}`
      if (el.dataset.stamp !== stamp) {
        el.dataset.stamp = stamp
        el.dataset.position = String(position)
        el.id = `vrow-${slot}`
        el.style.transform = `translateY(${position * rh}px)`
        el.setAttribute('aria-rowindex', String(position + 2))
        el.classList.toggle('active', position === this.active)
        this.options.renderRow(el, position)
      }
      if (position === this.active) activeId = el.id
    })
    if (activeId === null) this.element.removeAttribute('aria-activedescendant')
    else this.element.setAttribute('aria-activedescendant', activeId)
  }

  private onKey(e: KeyboardEvent): void {
    const page = Math.max(1, Math.floor((this.element.clientHeight - this.options.header.offsetHeight) / this.options.rowHeight) - 1)
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page }
    if (e.key in moves) this.setActive(this.active + moves[e.key]!)
    else if (e.key === 'Home') this.setActive(0)
    else if (e.key === 'End') this.setActive(this.count - 1)
    else if ((e.key === 'Enter' || e.key === ' ') && this.active >= 0) this.options.onActivate(this.active)
    else return
    e.preventDefault()
  }
}
