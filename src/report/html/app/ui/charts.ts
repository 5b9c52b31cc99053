// Horizontal bar charts as inline SVG, built with createElementNS: labels are text nodes, so an
// account called `<script>` is drawn, not run. A bar can link to the findings behind it.
import { formatCount, s } from './dom.js'

export interface Segment {
  value: number
  /** CSS class that colours it (the stylesheet is part of the page). */
  className: string
  name: string
}

export interface BarRow {
  label: string
  sublabel?: string
  segments: Segment[]
  /** Fragment of the explorer view this bar stands for. */
  fragment?: string
}

const WIDTH = 720
const LABEL_WIDTH = 260
const TOTAL_WIDTH = 70
const BAR_WIDTH = WIDTH - LABEL_WIDTH - TOTAL_WIDTH - 10
const ROW = 22
const ROW_WITH_SUB = 34
const MAX_LABEL_CHARS = 38

const truncate = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

export function barChart(title: string, rows: readonly BarRow[]): SVGSVGElement {
  const max = Math.max(1, ...rows.map((r) => r.segments.reduce((a, x) => a + x.value, 0)))
  let y = 4
  const items: SVGElement[] = []
  for (const row of rows) {
    const height = row.sublabel !== undefined && row.sublabel !== '' ? ROW_WITH_SUB : ROW
    const total = row.segments.reduce((a, x) => a + x.value, 0)
    const group = s('g', { class: 'bar-row' })
    group.appendChild(s('title', {}, `${row.label}${row.sublabel ? ` — ${row.sublabel}` : ''}: ${row.segments.map((x) => `${x.name} ${formatCount(x.value)}`).join(', ')}`))
    group.appendChild(s('text', { x: 0, y: y + 14, class: 'bar-label' }, truncate(row.label, MAX_LABEL_CHARS)))
    if (row.sublabel !== undefined && row.sublabel !== '') group.appendChild(s('text', { x: 0, y: y + 28, class: 'bar-sublabel' }, truncate(row.sublabel, MAX_LABEL_CHARS + 8)))
    let x = LABEL_WIDTH
    for (const seg of row.segments) {
      if (seg.value === 0) continue
      const w = Math.max(1, (seg.value / max) * BAR_WIDTH)
      group.appendChild(s('rect', { x: x.toFixed(1), y: y + 3, width: w.toFixed(1), height: 14, class: seg.className }))
      x += w
    }
    group.appendChild(s('text', { x: WIDTH - TOTAL_WIDTH + 4, y: y + 14, class: 'bar-total' }, formatCount(total)))
    if (row.fragment !== undefined) {
      const link = s('a', { href: `#${row.fragment}`, class: 'bar-link' })
      link.appendChild(group)
      items.push(link)
    } else {
      items.push(group)
    }
    y += height
  }
  const svg = s('svg', { class: 'chart', viewBox: `0 0 ${WIDTH} ${y + 4}`, width: WIDTH, height: y + 4, role: 'group', 'aria-label': title })
  svg.appendChild(s('title', {}, title))
  for (const item of items) svg.appendChild(item)
  return svg
}
