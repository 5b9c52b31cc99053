// The control report's HTML in real headless Chromium: every control of each framework is on the page
// with the status and counts isms.json holds, hostile strings from AWS and from the ISMS owner's files
// stay text, the page makes no request and breaks no CSP rule, and it prints to a PDF.
import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildIsmsReport } from '../../src/isms/build.js'
import { FAILING_SHOWN, renderIsmsHtml } from '../../src/isms/html.js'
import type { IsmsReport } from '../../src/isms/schema.js'
import { renderPdf } from '../../src/report/pdf.js'
import { loadFrameworks } from '../../src/rules/load.js'
import { HOSTILE, syntheticReport } from '../support/synthetic-report.js'
import { CHROMIUM, launchChromium, openPage, writeHtml } from '../report/html/support/browser.js'

const frameworks = loadFrameworks()
const findings = syntheticReport({ findings: 4000, hostile: true, mutedShare: 0.05 })
const attestations = [
  { framework: 'iso27001-2022', control: '5.1', statement: `Policy ${HOSTILE.script}`, attestedBy: HOSTILE.img, date: '2026-01-10', evidence: 'javascript:window.__pwned=1', validUntil: '2027-01-10' },
  { framework: 'iso27001-2022', control: '6.3', statement: 'Training done', attestedBy: 'HR', date: '2026-01-10', evidence: 'https://intranet.example.com/training?x="><b>', validUntil: '2027-01-10' },
  { framework: 'iso27001-2022', control: '5.2', statement: HOSTILE.quote, attestedBy: 'CISO', date: '2025-01-10', evidence: 'isms/roles.pdf', validUntil: '2025-06-30' },
]
const exclusions = [{ framework: 'iso27001-2022', control: '7.5', justification: `No premises ${HOSTILE.img}`, approvedBy: HOSTILE.quote }]
const inputs = [{ role: 'findings', path: `findings ${HOSTILE.script}.json`, sha256: 'a'.repeat(64), bytes: 1234 }]

function reportOf(id: string): IsmsReport {
  return buildIsmsReport({ findings, framework: frameworks.find((f) => f.id === id)!, attestations, exclusions })
}

async function open(browser: Browser, html: string): Promise<{ page: Page; requests: string[]; errors: string[]; violations: () => Promise<string[]> }> {
  const opened = await openPage(browser, writeHtml(html), '', { width: 1300, height: 900 })
  return { page: opened.page, requests: opened.foreignRequests, errors: opened.pageErrors, violations: opened.violations }
}

let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

describe('control report HTML in Chromium', () => {
  it.each([
    ['iso27001-2022', 93],
    ['cis-aws-3.0', 62],
    ['account-setup', 16],
  ])('%s: all %i controls, each with the status and counts of the JSON', async (id, total) => {
    const isms = reportOf(id)
    expect(isms.controls).toHaveLength(total)
    const { page, requests, errors, violations } = await open(browser, renderIsmsHtml({ isms, inputs, explorer: 'report.html' }))
    const sections = await page.$$eval('section.control', (els) => els.map((e) => ({ id: e.getAttribute('data-control'), status: e.getAttribute('data-status'), failingRows: e.querySelectorAll('table.failing tbody tr').length, checks: [...e.querySelectorAll('table.checks tbody tr')].map((r) => [r.getAttribute('data-check'), ...[...r.querySelectorAll('td.n')].map((td) => Number(td.textContent))]) })))
    expect(sections.map((s) => s.id)).toEqual(isms.controls.map((c) => c.id))
    const rows = await page.$$eval('table.summary tbody tr', (trs) => trs.map((tr) => ({ id: tr.getAttribute('data-control'), status: tr.getAttribute('data-status'), pass: tr.querySelector('[data-count=pass]')!.textContent, fail: tr.querySelector('[data-count=fail]')!.textContent, error: tr.querySelector('[data-count=error]')!.textContent })))
    expect(rows).toHaveLength(total)
    isms.controls.forEach((c, i) => {
      expect(sections[i]!.status, c.id).toBe(c.status)
      expect(rows[i], c.id).toEqual({ id: c.id, status: c.status, pass: c.automated ? String(c.evidence.pass) : '—', fail: c.automated ? String(c.evidence.fail) : '—', error: c.automated ? String(c.evidence.error) : '—' })
      expect(sections[i]!.failingRows, c.id).toBe(Math.min(FAILING_SHOWN, c.evidence.failing.length))
      expect(sections[i]!.checks, c.id).toEqual(c.automated ? c.evidence.perCheck.map((p) => [p.checkId, p.pass, p.fail, p.error, p.notApplicable]) : [])
    })
    const counts = await page.$$eval('[data-status-count]', (tds) => Object.fromEntries(tds.map((td) => [td.getAttribute('data-status-count'), Number(td.textContent)])))
    expect(counts).toEqual(isms.summary.byStatus)
    expect(requests).toEqual([])
    expect(errors).toEqual([])
    expect(await violations()).toEqual([])
    await page.context().close()
  })

  it('keeps hostile strings from AWS names, suppressions, attestations and SoA as inert text', async () => {
    const isms = reportOf('iso27001-2022')
    const html = renderIsmsHtml({ isms, inputs, explorer: 'report.html' })
    const { page, requests, errors } = await open(browser, html)
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
    expect(await page.$$eval('script, img, iframe, object, embed, b', (els) => els.length)).toBe(0)
    const text = await page.evaluate(() => document.body.innerText)
    expect(text).toContain(HOSTILE.script)
    expect(text).toContain(HOSTILE.img)
    expect(text).toContain(HOSTILE.quote)
    // Only https links and in-page / explorer links; the javascript: "evidence" is shown, not linked.
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')!))
    expect(hrefs.filter((h) => !h.startsWith('#') && !h.startsWith('report.html#') && !h.startsWith('https://'))).toEqual([])
    expect(hrefs).toContain('https://intranet.example.com/training?x=%22%3E%3Cb%3E')
    expect(await page.locator('#control-5\\.1 .attestation code').textContent()).toBe('javascript:window.__pwned=1')
    // A muted failure is an accepted risk, shown with its (hostile) reason under its control.
    expect(isms.controls.some((c) => c.evidence.acceptedRisks.length > 0)).toBe(true)
    expect(await page.locator('table.accepted-risks tbody tr').count()).toBe(isms.controls.reduce((n, c) => n + c.evidence.acceptedRisks.length, 0))
    // The expired attestation is shown and flagged, and does not count.
    expect(await page.locator('#control-5\\.2').getAttribute('data-status')).toBe('attestation-expired')
    expect(await page.locator('#control-5\\.2 .attestation h4').textContent()).toBe('Expired attestation (not counted)')
    expect(requests).toEqual([])
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('links failing resources and controls to the findings explorer only when report.html is written', async () => {
    const isms = reportOf('iso27001-2022')
    const failing = isms.controls.find((c) => c.evidence.failing.length > 0)!
    const withExplorer = renderIsmsHtml({ isms, inputs, explorer: 'report.html' })
    expect(withExplorer).toContain(`href="report.html#f=${encodeURIComponent(failing.evidence.failing[0]!.findingId)}"`)
    expect(withExplorer).toContain('href="report.html#control=iso27001-2022%3A')
    expect(renderIsmsHtml({ isms, inputs })).not.toContain('report.html#')
  })

  it('prints to a PDF: cover, summary, then the controls on many pages', async () => {
    const html = renderIsmsHtml({ isms: reportOf('iso27001-2022'), inputs })
    const file = writeHtml(html).replace(/report\.html$/, 'isms.pdf')
    await renderPdf(html, file, { chromium: CHROMIUM, page: 'static', footerLabel: 'ISO/IEC 27001:2022 Annex A <control report>' })
    const pdf = readFileSync(file)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []
    // Cover + summary (3+ pages for 93 rows) + four themes, each starting on a new page.
    expect(pages.length).toBeGreaterThan(8)
  })
})
