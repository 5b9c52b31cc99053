// The only way the app creates DOM: elements by name, text by textContent, SVG by createElementNS.
// Nothing here (or anywhere in the app) parses a string as HTML, so a report value can only ever be
// text. The page's CSP also sets `require-trusted-types-for 'script'`, which makes any innerHTML
// assignment throw: a regression would fail loudly instead of quietly opening a hole.

type Child = Node | string | null | undefined | false
type Attrs = Record<string, string | number | boolean | undefined | null>

function append(parent: Node, children: readonly Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c)
  }
}

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue
    // Event-handler attributes would be code; the app never sets them (listeners only).
    if (/^on/i.test(name)) throw new Error(`refusing to set event-handler attribute ${name}`)
    el.setAttribute(name, value === true ? '' : String(value))
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  setAttrs(el, attrs)
  append(el, children)
  return el
}

const SVG_NS = 'http://www.w3.org/2000/svg'

export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag)
  setAttrs(el, attrs)
  append(el, children)
  return el
}

export function clear(el: Element): void {
  while (el.lastChild !== null) el.removeChild(el.lastChild)
}

export function replaceChildren(el: Element, ...children: Child[]): void {
  clear(el)
  append(el, children)
}

/** A same-page link to a view of the report. Only fragments: nothing the app builds leaves the page. */
export function viewLink(fragment: string, ...children: Child[]): HTMLAnchorElement {
  return h('a', { href: `#${fragment}` }, ...children)
}

const NUMBER = new Intl.NumberFormat('en-US')
export const formatCount = (n: number): string => NUMBER.format(n)
