// Entry point of the bundled page script: decode the embedded report, render the view the URL asks
// for, and signal readiness on <html data-ready> (the PDF renderer and the tests wait for it).
import { App } from './app.js'
import { loadEmbeddedReport } from './data/load.js'
import { h } from './ui/dom.js'

async function start(): Promise<void> {
  const root = document.getElementById('app')
  if (root === null) return
  const html = document.documentElement
  try {
    const report = await loadEmbeddedReport(document)
    const app = new App(report, root)
    window.addEventListener('hashchange', () => app.applyLocation())
    window.addEventListener('beforeprint', () => app.preparePrint())
    app.applyLocation()
    html.dataset.ready = 'true'
  } catch (error) {
    root.replaceChildren(h('p', { class: 'load-error', role: 'alert' }, `This report could not be displayed: ${error instanceof Error ? error.message : String(error)}`))
    html.dataset.ready = 'error'
  }
}

void start()
