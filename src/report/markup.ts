// Static HTML documents (the ISMS report) built as a tree, never from string pieces. Text and attribute
// values are always escaped when the tree is serialised; tag and attribute names are literals in our
// code and are checked, so nothing from AWS or from an ISMS owner's YAML can open an element, close
// one, or add an attribute. The one way to put unescaped text in is `trustedCss`, for the stylesheet
// that ships with guardrail. Links go through `safeHref`, which refuses every scheme but http(s).

const VOID_ELEMENTS = new Set(['br', 'col', 'hr', 'meta', 'wbr'])
const NAME = /^[a-z][a-z0-9-]*$/

/** A serialised fragment. Only this module makes one, so holding a Markup means it was escaped. */
export class Markup {
  readonly #html: string
  private constructor(html: string) {
    this.#html = html
  }
  toString(): string {
    return this.#html
  }
  /** @internal the constructor stays private: only the builders below make Markup. */
  static fromEscaped(html: string): Markup {
    return new Markup(html)
  }
}

export type Child = Markup | string | number | null | undefined | false | readonly Child[]
export type Attributes = Record<string, string | number | boolean | null | undefined>

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!)
}

function serialiseChildren(children: readonly Child[], out: string[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    if (child instanceof Markup) out.push(child.toString())
    else if (Array.isArray(child)) serialiseChildren(child as readonly Child[], out)
    else out.push(escapeHtml(String(child)))
  }
}

/** One element: `h('td', { class: 'n' }, count)`. Attributes that are null, undefined or false are left out. */
export function h(tag: string, attributes: Attributes | null, ...children: Child[]): Markup {
  if (!NAME.test(tag)) throw new Error(`markup: invalid tag name ${JSON.stringify(tag)}`)
  const out = [`<${tag}`]
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (!NAME.test(name)) throw new Error(`markup: invalid attribute name ${JSON.stringify(name)}`)
    if (value === null || value === undefined || value === false) continue
    out.push(value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`)
  }
  out.push('>')
  if (VOID_ELEMENTS.has(tag)) {
    if (children.length > 0) throw new Error(`markup: <${tag}> cannot have children`)
    return Markup.fromEscaped(out.join(''))
  }
  serialiseChildren(children, out)
  out.push(`</${tag}>`)
  return Markup.fromEscaped(out.join(''))
}

/** Children without a wrapping element. */
export function fragment(...children: Child[]): Markup {
  const out: string[] = []
  serialiseChildren(children, out)
  return Markup.fromEscaped(out.join(''))
}

/** guardrail's own stylesheet, inlined as is; refuses anything that could end the <style> element. */
export function trustedCss(css: string): Markup {
  if (/<\/style/i.test(css)) throw new Error('markup: stylesheet contains </style')
  return Markup.fromEscaped(css)
}

/** An http(s) URL or a fragment link as an href; anything else (javascript:, data:, file paths) is not a link. */
export function safeHref(url: string): string | undefined {
  if (url.startsWith('#')) return url
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined
  } catch {
    return undefined
  }
}

/** A whole document: doctype, then the <html> element. */
export function htmlDocument(root: Markup): string {
  return `<!doctype html>\n${root.toString()}\n`
}
