// The HTML report in real headless Chromium: counts against findings.json, hostile strings, no
// network, the CSP, keyboard use, the detail panel and the print view.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderHtml } from '../../../src/report/html/render.js'
import { STATUSES } from '../../../src/core/types.js'
import { HOSTILE } from '../../support/synthetic-report.js'
import { launchChromium, openReport, show, shownCount, writeHtml, type OpenedReport } from './support/browser.js'
import { expectedCount } from './support/oracle.js'
import { richReport } from './support/reports.js'

const report = richReport(2500)
const html = renderHtml(report)
let browser: Browser
let file: string
let opened: OpenedReport

beforeAll(async () => {
  browser = await launchChromium()
  file = writeHtml(html)
  opened = await openReport(browser, file)
})
afterAll(async () => {
  await browser?.close()
})

const pwned = () => opened.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)

describe('HTML report in Chromium: loading and safety', () => {
  it('loads from file:// with no network request, no CSP violation and no script error', async () => {
    expect(await opened.page.evaluate(() => document.documentElement.dataset.ready)).toBe('true')
    expect(opened.foreignRequests).toEqual([])
    expect(await opened.violations()).toEqual([])
    expect(opened.pageErrors).toEqual([])
  })

  it('carries a strict CSP: nothing loads from anywhere, inline code only by hash, no eval, Trusted Types on', async () => {
    const csp = await opened.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
    expect(csp).toContain("default-src 'none'")
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'(;|$)/)
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'(;|$)/)
    expect(csp).toContain("require-trusted-types-for 'script'")
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/)
    // The policy is in force: a fetch is refused before it reaches the network, innerHTML throws.
    // (On a page of its own: these deliberate violations must not mask the others' checks.)
    const probe = await openReport(browser, file)
    const fetched = await probe.page.evaluate(() => fetch('http://127.0.0.1:9/leak').then(() => 'sent', () => 'refused'))
    expect(fetched).toBe('refused')
    const sink = await probe.page.evaluate(() => {
      try {
        document.body.innerHTML = '<b>x</b>'
        return 'assigned'
      } catch (e) {
        return (e as Error).name
      }
    })
    expect(sink).toBe('TypeError')
    expect(await probe.violations()).toEqual(['connect-src http://127.0.0.1:9/leak', 'require-trusted-types-for trusted-types-sink'])
    expect(probe.foreignRequests).toEqual([])
    await probe.page.context().close()
  })

  it('shows hostile account names, OU names, tags, resources and mute reasons as text and runs none of them', async () => {
    const { page } = opened
    await show(page, 'view=overview')
    expect(await page.locator('svg text', { hasText: 'Payments <img src=x' }).count()).toBeGreaterThan(0)
    await show(page, 'view=suppressed')
    expect(await page.locator('.suppression-entries td', { hasText: HOSTILE.script }).count()).toBeGreaterThan(0)
    await show(page, 'view=changes')
    expect(await page.locator('.gone td', { hasText: `arn:aws:s3:::${HOSTILE.script}` }).count()).toBe(1)
    await show(page, `view=findings&account=${report.run.accounts[0]!.accountId}`)
    expect(await page.locator('.vrow .cell-account').first().textContent()).toBe(`acct ${HOSTILE.script} (${report.run.accounts[0]!.accountId})`)
    // An account with hostile tags, and a finding with a hostile resource: open their details.
    const tagged = report.findings.find((f) => f.accountId === report.run.accounts[2]!.accountId)!
    await show(page, `view=findings&f=${tagged.id}`)
    expect(await page.locator('.detail pre.tags').textContent()).toBe(`env=${HOSTILE.control}\nowner=${HOSTILE.img}`)
    const hostileResource = report.findings.find((f) => f.resource.includes(HOSTILE.img))!
    await show(page, `view=findings&f=${hostileResource.id}`)
    expect(await page.locator('.detail code.resource').textContent()).toBe(hostileResource.resource)
    expect(await page.locator('.detail .evidence pre').textContent()).toBe(JSON.stringify(hostileResource.evidence, null, 2))
    // Print view renders every failing finding, hostile ones included.
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')))
    await page.waitForSelector('html[data-print-ready]', { state: 'attached' })
    expect(await page.evaluate(() => document.querySelectorAll('img, iframe, object, embed').length)).toBe(0)
    expect(await page.evaluate(() => document.scripts.length)).toBe(2)
    expect(await pwned()).toBeUndefined()
    expect(opened.foreignRequests).toEqual([])
    expect(await opened.violations()).toEqual([])
  })
})

describe('HTML report in Chromium: the explorer', () => {
  it('gives the same counts as findings.json for every status and every check', async () => {
    for (const s of STATUSES) {
      await show(opened.page, `status=${s}`)
      expect(await shownCount(opened.page)).toBe(report.summary.byStatus[s])
    }
    for (const [checkId, c] of Object.entries(report.summary.byCheck).slice(0, 8)) {
      await show(opened.page, `check=${checkId}&status=fail`)
      expect(await shownCount(opened.page)).toBe(c.fail)
    }
  })

  it('matches findings.json for combined filters over account, OU, region, control, mute, baseline and text', async () => {
    const control = Object.entries(report.findings[5]!.frameworks).map(([fw, ids]) => `${fw}:${ids[0]}`)[0]!
    const cases: [string, Parameters<typeof expectedCount>[1], string][] = [
      [`ou=ou-prod-payments&severity=high,critical`, { ou: ['ou-prod-payments'], severity: ['high', 'critical'] }, ''],
      [`region=global,eu-west-1&status=fail,error`, { region: ['global', 'eu-west-1'], status: ['fail', 'error'] }, ''],
      [`control=${control}&muted=unmuted`, { control: [control], muted: ['unmuted'] }, ''],
      [`baseline=new&status=fail&account=${report.run.accounts[3]!.accountId}`, { baseline: ['new'], status: ['fail'], account: [report.run.accounts[3]!.accountId] }, ''],
      [`q=${encodeURIComponent('resource-2 meet')}`, {}, 'resource-2 meet'],
    ]
    for (const [fragment, filters, q] of cases) {
      await show(opened.page, fragment)
      const expected = expectedCount(report, filters, q)
      expect(expected, fragment).toBeGreaterThan(0)
      expect(await shownCount(opened.page), fragment).toBe(expected)
    }
  })

  it('lists the changes since the baseline: new failures, resolved, still failing — as many as findings.json has, capped at 200 each', async () => {
    await show(opened.page, 'view=changes')
    const count = (pred: (f: (typeof report.findings)[number]) => boolean) => Math.min(200, report.findings.filter(pred).length)
    const expected = {
      'new-failures': count((f) => f.baseline === 'new' && f.status === 'fail'),
      resolved: count((f) => f.baseline === 'resolved'),
      'still-failing': count((f) => f.baseline === 'unchanged' && f.status === 'fail'),
    }
    for (const [list, n] of Object.entries(expected)) {
      expect(n, list).toBeGreaterThan(0)
      expect(await opened.page.locator(`table.${list} tbody tr`).count(), list).toBe(n)
    }
    // The first new failure is the most severe one.
    const severities = await opened.page.locator('table.new-failures tbody tr td:first-child').allTextContents()
    expect(severities[0]).toBe(severities.includes('Critical') ? 'Critical' : severities.includes('High') ? 'High' : severities[0])
  })

  it('is usable from the keyboard, and a filter change is written to the URL so the link reproduces the view', async () => {
    const { page } = opened
    await show(page, 'view=findings&sort=severity')
    const fail = page.locator('details[data-dim="status"] input[value="fail"]')
    await fail.focus()
    await page.keyboard.press('Space')
    await page.waitForFunction(() => location.hash.includes('status=fail'))
    expect(await shownCount(page)).toBe(report.summary.byStatus.fail)
    // Focus survives the panel redraw; Tab reaches the next checkbox.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('fail')
    await page.locator('.search').fill('resource-1')
    await page.locator('.search').press('Enter')
    await page.waitForFunction(() => location.hash.includes('q=resource-1'))
    const expected = expectedCount(report, { status: ['fail'] }, 'resource-1')
    expect(await shownCount(page)).toBe(expected)
    const link = await page.evaluate(() => location.hash)
    expect(link).toBe('#status=fail&q=resource-1&sort=severity')
    // The same link in a fresh page gives the same view.
    const again = await openReport(browser, file, link.slice(1))
    expect(await shownCount(again.page)).toBe(expected)
    await again.page.context().close()
    // Arrow keys move through the list and Enter opens the finding.
    await page.locator('.vlist').focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await page.waitForSelector('.detail')
    const id = await page.locator('.detail').getAttribute('data-finding')
    const finding = report.findings.find((f) => f.id === id)!
    expect(finding.status).toBe('fail')
    expect(await page.locator('.detail .message').textContent()).toBe(finding.message)
    await page.keyboard.press('Escape')
    await page.waitForFunction(() => !location.hash.includes('f='))
  })

  it('keeps the filters when switching views with the tabs', async () => {
    const { page } = opened
    await show(page, 'view=overview&severity=critical')
    await page.locator('nav.tabs a', { hasText: 'Findings' }).click()
    await page.waitForFunction(() => location.hash === '#severity=critical')
    expect(await shownCount(page)).toBe(expectedCount(report, { severity: ['critical'] }))
    expect(await page.locator('nav.tabs a[aria-current="page"]').textContent()).toBe('Findings')
  })

  it("shows a finding's message, resource, evidence and the check's what / why / how to fix", async () => {
    const check = report.checks[0]!
    const finding = report.findings.find((f) => f.checkId === check.id && f.muted !== undefined) ?? report.findings.find((f) => f.checkId === check.id)!
    await show(opened.page, `view=findings&f=${finding.id}`)
    const detail = opened.page.locator('.detail')
    await expect(detail.locator('.message').textContent()).resolves.toBe(finding.message)
    const prose = await detail.locator('.prose p').allTextContents()
    expect(prose).toEqual([check.description, check.rationale, check.remediation])
    expect(await detail.locator('.evidence pre').textContent()).toBe(JSON.stringify(finding.evidence, null, 2))
  })

  it('groups by check and by account with counts, and renders only the rows on screen', async () => {
    const { page } = opened
    await show(page, 'status=fail&group=check')
    const checksFailing = Object.values(report.summary.byCheck).filter((c) => c.fail > 0).length
    const firstHeader = await page.locator('.vrow.group-row').first().textContent()
    expect(firstHeader).toMatch(/— [\d,]+ findings, [\d,]+ failing$/)
    // Collapse every group but render only what fits: the rows in the DOM stay a screenful.
    expect(await page.locator('.vlist-canvas .vrow').count()).toBeLessThan(80)
    expect(await page.evaluate(() => document.querySelector('.vlist')!.getAttribute('aria-rowcount'))).toBe(String(report.summary.byStatus.fail + checksFailing + 1))
    await show(page, 'status=fail&group=account')
    const accountsFailing = new Set(report.findings.filter((f) => f.status === 'fail').map((f) => f.accountId)).size
    expect(await page.evaluate(() => document.querySelector('.vlist')!.getAttribute('aria-rowcount'))).toBe(String(report.summary.byStatus.fail + accountsFailing + 1))
  })

  it('builds the print view: overview, then every failing finding grouped by check', async () => {
    const { page } = opened
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')))
    await page.waitForSelector('html[data-print-ready]', { state: 'attached' })
    const checksFailing = Object.values(report.summary.byCheck).filter((c) => c.fail > 0).length
    expect(await page.locator('.print-check').count()).toBe(checksFailing)
    expect(await page.locator('.print-table tbody tr').count()).toBe(report.summary.byStatus.fail)
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.view-overview').isVisible()).toBe(true)
    expect(await page.locator('.explorer').isVisible()).toBe(false)
    expect(await page.locator('.print-findings').isVisible()).toBe(true)
    await page.emulateMedia({ media: 'screen' })
    expect(await page.locator('.print-findings').isVisible()).toBe(false)
  })
})
