// Real headless Chromium for the HTML report tests: Debian's /usr/bin/chromium driven by
// playwright-core (never a browser download). Every request the page makes is recorded and anything
// that is not the file itself is aborted; CSP violations are recorded too.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true })
}

export function writeHtml(html: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'guardrail-html-test-')), 'report.html')
  writeFileSync(file, html, 'utf8')
  return file
}

export interface OpenedReport {
  page: Page
  /** Every URL the page requested that was not file: (they were all aborted). */
  foreignRequests: string[]
  /** securitypolicyviolation events: directive + blocked URI. */
  violations: () => Promise<string[]>
  pageErrors: string[]
}

/**
 * Opens a page with every non-file request aborted and recorded, page errors and CSP violations
 * recorded. Pages with no script (the control report) are ready here; the findings report is ready
 * when its app says so (openReport).
 */
export async function openPage(browser: Browser, file: string, fragment = '', viewport = { width: 1400, height: 900 }): Promise<OpenedReport> {
  const context = await browser.newContext({ viewport })
  const foreignRequests: string[] = []
  const pageErrors: string[] = []
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith('file:')) return route.continue()
    foreignRequests.push(url)
    return route.abort('blockedbyclient')
  })
  const page = await context.newPage()
  page.on('pageerror', (e) => pageErrors.push(e.message))
  // Init scripts run through the DevTools protocol, outside the page's CSP.
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] }
    w.__violations = []
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`))
  })
  await page.goto(`${pathToFileURL(file).href}${fragment === '' ? '' : `#${fragment}`}`)
  return { page, foreignRequests, pageErrors, violations: () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations) }
}

export async function openReport(browser: Browser, file: string, fragment = '', viewport = { width: 1400, height: 900 }): Promise<OpenedReport> {
  const opened = await openPage(browser, file, fragment, viewport)
  await opened.page.waitForSelector('html[data-ready]', { state: 'attached', timeout: 60_000 })
  return opened
}

/** Goes to a view by changing the fragment (as a clicked link would) and waits until it is drawn. */
export async function show(page: Page, fragment: string): Promise<void> {
  const before = await page.evaluate(() => document.documentElement.dataset.renderSeq)
  await page.evaluate((f) => {
    location.hash = f
  }, fragment)
  await page.waitForFunction((seq) => document.documentElement.dataset.renderSeq !== seq, before)
}

/** The explorer's match count, as the app published it. */
export async function shownCount(page: Page): Promise<number> {
  return Number(await page.evaluate(() => document.documentElement.dataset.count))
}
