// The escaping element builder the control report is made with: data is always text, names are ours.
import { describe, expect, it } from 'vitest'
import { escapeHtml, fragment, h, htmlDocument, safeHref, trustedCss } from '../../src/report/markup.js'

describe('markup', () => {
  it.each([
    ['<script>x</script>', '&lt;script&gt;x&lt;/script&gt;'],
    [`" onmouseover='x' a=`, '&quot; onmouseover=&#39;x&#39; a='],
    ['a & b &amp;', 'a &amp; b &amp;amp;'],
    ['plain', 'plain'],
  ])('escapes %j', (text, escaped) => {
    expect(escapeHtml(text)).toBe(escaped)
    expect(h('td', { title: text }, text).toString()).toBe(`<td title="${escaped}">${escaped}</td>`)
  })

  it('serialises nested children, numbers and arrays, and leaves out null, undefined and false', () => {
    const list = h('ul', { class: 'x', hidden: false, 'data-n': 3, open: true }, [1, 2].map((n) => h('li', null, n)), null, undefined, false, 'end')
    expect(list.toString()).toBe('<ul class="x" data-n="3" open><li>1</li><li>2</li>end</ul>')
    expect(fragment('a', h('b', null, '<'), ['c']).toString()).toBe('a<b>&lt;</b>c')
    expect(h('meta', { charset: 'utf-8' }).toString()).toBe('<meta charset="utf-8">')
  })

  it('refuses tag and attribute names that are not plain names, and children of void elements', () => {
    expect(() => h('td onclick=x', null)).toThrow(/invalid tag name/)
    expect(() => h('td', { 'x" onclick="y': '1' })).toThrow(/invalid attribute name/)
    expect(() => h('br', null, 'text')).toThrow(/cannot have children/)
  })

  it('makes links only of http(s) URLs and in-page fragments', () => {
    expect(safeHref('https://example.com/a b')).toBe('https://example.com/a%20b')
    expect(safeHref('http://example.com/')).toBe('http://example.com/')
    expect(safeHref('#control-5.1')).toBe('#control-5.1')
    for (const bad of ['javascript:alert(1)', ' javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>', 'file:///etc/passwd', 'isms/evidence.pdf', 'vbscript:x']) expect(safeHref(bad), bad).toBeUndefined()
  })

  it('inlines only stylesheets that cannot close their element', () => {
    expect(h('style', null, trustedCss('a > b { color: red }')).toString()).toBe('<style>a > b { color: red }</style>')
    expect(() => trustedCss('x</style><script>')).toThrow(/<\/style/)
    expect(htmlDocument(h('html', null))).toBe('<!doctype html>\n<html></html>\n')
  })
})
