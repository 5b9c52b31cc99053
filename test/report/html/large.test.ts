// 100,000 findings load and filter in Chromium (how fast is the benchmark's business:
// bench/html-report.ts). Only what is on screen is in the DOM.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderHtml } from '../../../src/report/html/render.js'
import { syntheticReport } from '../../support/synthetic-report.js'
import { launchChromium, openReport, show, shownCount, writeHtml, type OpenedReport } from './support/browser.js'

const FINDINGS = 100_000
let browser: Browser
let opened: OpenedReport
let report: ReturnType<typeof syntheticReport>
let htmlBytes = 0

beforeAll(async () => {
  report = syntheticReport({ findings: FINDINGS, hostile: true })
  const html = renderHtml(report)
  htmlBytes = Buffer.byteLength(html)
  browser = await launchChromium()
  opened = await openReport(browser, writeHtml(html), 'view=findings')
}, 180_000)
afterAll(async () => {
  await browser?.close()
})

describe('HTML report with 100,000 findings', () => {
  it('fits well under 15 MB', () => {
    expect(htmlBytes).toBeLessThan(15 * 1024 * 1024)
  })

  it('loads, lists all findings with only a screenful of rows in the DOM, and makes no request', async () => {
    expect(await shownCount(opened.page)).toBe(FINDINGS)
    expect(await opened.page.locator('.vlist-canvas .vrow').count()).toBeLessThan(80)
    expect(opened.foreignRequests).toEqual([])
    expect(opened.pageErrors).toEqual([])
  })

  it('filters by status, check and text with the counts findings.json has', async () => {
    await show(opened.page, 'status=fail')
    expect(await shownCount(opened.page)).toBe(report.summary.byStatus.fail)
    const [checkId, counts] = Object.entries(report.summary.byCheck)[3]!
    await show(opened.page, `status=error&check=${checkId}`)
    expect(await shownCount(opened.page)).toBe(counts.error)
    await show(opened.page, 'q=resource-9999')
    // resource-9999 and resource-99990 … resource-99999
    expect(await shownCount(opened.page)).toBe(report.findings.filter((f) => f.resource.includes('resource-9999')).length)
    expect(await opened.page.locator('.vlist-canvas .vrow:not([hidden])').count()).toBe(11)
  })
})
