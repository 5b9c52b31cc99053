// A static, script-free page (the control reports, the access map): one inlined stylesheet allowed by
// its hash, nothing else — no script, no request, no form — and the referrer never sent.
import { cspHashSource } from './html/render.js'
import { h, htmlDocument, trustedCss, type Child } from './markup.js'

export function staticHtmlPage(input: { title: string; css: string; body: Child }): string {
  const csp = ["default-src 'none'", `style-src ${cspHashSource(input.css)}`, "base-uri 'none'", "form-action 'none'"].join('; ')
  return htmlDocument(
    h(
      'html',
      { lang: 'en' },
      h(
        'head',
        null,
        h('meta', { charset: 'utf-8' }),
        h('meta', { 'http-equiv': 'Content-Security-Policy', content: csp }),
        h('meta', { name: 'referrer', content: 'no-referrer' }),
        h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
        h('title', null, input.title),
        h('style', null, trustedCss(input.css)),
      ),
      h('body', null, input.body),
    ),
  )
}
