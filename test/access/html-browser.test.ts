// The access map's page and the report's link to it, in real headless Chromium: every principal and
// instance of the JSON is on the page, hostile IAM tags stay text, the page makes no request and
// breaks no CSP rule; report.html shows its companion pages as plain links.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildAccessMap } from '../../src/access/map.js'
import { renderAccessHtml } from '../../src/access/outputs.js'
import { renderHtml } from '../../src/report/html/render.js'
import { syntheticReport } from '../support/synthetic-report.js'
import { ALICE, BOB, CAROL, options, organization } from '../support/access-org.js'
import { launchChromium, openPage, openReport, writeHtml } from '../report/html/support/browser.js'

const HOSTILE_OWNER = '<img src=x onerror="window.__pwned=1">'
let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

describe('access.html in Chromium', () => {
  it('lists every principal and instance of the map, hostile tags as text, no request, no CSP violation', async () => {
    const map = buildAccessMap(organization([{ ...ALICE, tags: { owner: HOSTILE_OWNER } }, BOB, CAROL]), options)
    const opened = await openPage(browser, writeHtml(renderAccessHtml(map)))
    const principals = await opened.page.$$eval('section.principal', (els) => els.map((e) => e.getAttribute('data-principal')))
    expect(principals).toEqual(map.principals.map((p) => p.arn))
    const instances = await opened.page.$$eval('[data-instance]', (els) => els.map((e) => e.getAttribute('data-instance')))
    expect(instances).toEqual(map.instances.map((i) => i.instanceId))
    expect(await opened.page.getByText(HOSTILE_OWNER).count()).toBe(1)
    expect(await opened.page.locator('img').count()).toBe(0)
    expect(await opened.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
    expect(opened.pageErrors).toEqual([])
    expect(opened.foreignRequests).toEqual([])
    expect(await opened.violations()).toEqual([])
  })

  it('report.html shows the companion pages of its run as links in the masthead', async () => {
    const links = [{ label: `Who can reach what ${HOSTILE_OWNER}`, href: 'access/access.html' }]
    const opened = await openReport(browser, writeHtml(renderHtml(syntheticReport({ findings: 50 }), links)))
    const anchors = await opened.page.$$eval('header.masthead a.companion', (as) => as.map((a) => [a.textContent, a.getAttribute('href')]))
    expect(anchors).toEqual([[links[0]!.label, 'access/access.html']])
    expect(await opened.page.locator('img').count()).toBe(0)
    expect(opened.pageErrors).toEqual([])
  })

  it('refuses a companion link that is not a relative .html path', () => {
    for (const href of ['javascript:alert(1)', 'https://example.com/x.html', '../outside.html', 'a/b.htm']) expect(() => renderHtml(syntheticReport({ findings: 1 }), [{ label: 'x', href }]), href).toThrow(/companion link/)
  })
})
