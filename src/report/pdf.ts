// The HTML report → PDF with a local Chromium (playwright-core drives it; it never downloads a
// browser). The page is the same self-contained file `--format html` writes; its print stylesheet and
// print view (overview, then failing findings by check) make the document. Chromium is found from
// GUARDRAIL_CHROMIUM, else the usual install paths and names on PATH; without one, an InputError says
// how to get one.
//
// The PDF is not byte-for-byte reproducible (Chromium stamps a creation date into it); the HTML is.
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { writeFileAtomic } from '../core/atomic-write.js'
import { InputError } from '../core/errors.js'
import { escapeHtml } from './markup.js'

export const CHROMIUM_ENV = 'GUARDRAIL_CHROMIUM'
const KNOWN_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium']
const NAMES_ON_PATH = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']
const INSTALL_HINT = `Install Chromium (Debian/Ubuntu: apt-get install chromium; macOS: brew install --cask chromium) or set ${CHROMIUM_ENV} to the path of a Chromium or Chrome executable. The HTML report (--format html) needs no browser to produce.`

export interface PdfOptions {
  /** Chromium executable; default: GUARDRAIL_CHROMIUM, else the first one found. */
  chromium?: string
  env?: NodeJS.ProcessEnv
  /** Where to look when nothing is configured; default: the usual install paths, then PATH. */
  candidates?: readonly string[]
  /** How long the page may take to load and lay out, in ms (100,000 findings take a while). */
  timeoutMs?: number
  /**
   * 'app' (default): the findings report, whose script signals when it is ready and builds its print
   * view on `beforeprint`. 'static': a page with no script (the control report), ready when loaded.
   */
  page?: 'app' | 'static'
  /** The document name in the page footer; default 'guardrail report'. */
  footerLabel?: string
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The Chromium to use, or an InputError saying how to get one. */
export function findChromium(options: PdfOptions = {}): string {
  const env = options.env ?? process.env
  const explicit = options.chromium ?? env[CHROMIUM_ENV]
  if (explicit !== undefined && explicit !== '') {
    if (executable(explicit)) return explicit
    throw new InputError('ChromiumNotFound', `${CHROMIUM_ENV}=${explicit} is not an executable file, so the PDF cannot be rendered.`, INSTALL_HINT)
  }
  const onPath = (env.PATH ?? '').split(delimiter).filter((d) => d !== '').flatMap((d) => NAMES_ON_PATH.map((n) => join(d, n)))
  const found = (options.candidates ?? [...KNOWN_PATHS, ...onPath]).find(executable)
  if (found === undefined) throw new InputError('ChromiumNotFound', 'No Chromium or Chrome was found to render the PDF with.', INSTALL_HINT)
  return found
}


export async function renderPdf(html: string, file: string, options: PdfOptions = {}): Promise<void> {
  const executablePath = findChromium(options)
  const timeout = options.timeoutMs ?? 300_000
  const { chromium } = await import('playwright-core')
  const work = mkdtempSync(join(tmpdir(), 'guardrail-pdf-'))
  const page = join(work, 'report.html')
  writeFileSync(page, html, 'utf8')
  const browser = await chromium.launch({ executablePath, headless: true })
  try {
    const context = await browser.newContext({ offline: true })
    const tab = await context.newPage()
    // Belt and braces: the page's CSP already forbids every fetch; refuse anything not from the file.
    await tab.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort('blockedbyclient')))
    await tab.goto(pathToFileURL(page).href, { timeout, waitUntil: 'load' })
    if ((options.page ?? 'app') === 'app') {
      await tab.waitForSelector('html[data-ready]', { state: 'attached', timeout })
      const ready = await tab.evaluate(() => document.documentElement.dataset.ready)
      if (ready !== 'true') throw new Error('the HTML report failed to load in Chromium, so no PDF was produced')
      // The print view is built on `beforeprint`, which page.pdf does not fire on its own.
      await tab.evaluate(() => window.dispatchEvent(new Event('beforeprint')))
      await tab.waitForSelector('html[data-print-ready]', { state: 'attached', timeout })
    }
    await tab.emulateMedia({ media: 'print' })
    const pdf = await tab.pdf({
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font-size:8px;width:100%;text-align:center;color:#555">${escapeHtml(options.footerLabel ?? 'guardrail report')} — page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`,
    })
    writeFileAtomic(file, pdf)
  } finally {
    await browser.close()
    rmSync(work, { recursive: true, force: true })
  }
}
