// A plain data table from rows of cells; strings become text nodes.
import { h } from './dom.js'

export type Cell = string | Node

export function table(headers: readonly string[], rows: readonly (readonly Cell[])[], className = ''): HTMLTableElement {
  return h(
    'table',
    { class: `data ${className}`.trim() },
    h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((c) => h('td', {}, c))))),
  )
}
