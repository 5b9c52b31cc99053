// The HTML report at scale, in headless Chromium (Debian's /usr/bin/chromium, or GUARDRAIL_CHROMIUM):
//
//   npx tsx bench/html-report.ts [--findings 100000]
//
// Prints the HTML size, the time from navigation (file:// URL) until explorer rows are on screen,
// and the latency of filter changes (fragment change → rows redrawn and the next frame painted),
// median and max. Targets at 100,000 findings: < 15 MB, < 3 s to first render, < 300 ms per change.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { renderHtml } from '../src/report/html/render.js'
import { findChromium } from '../src/report/pdf.js'
import { syntheticReport } from '../test/support/synthetic-report.js'

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback
}

const findings = Number(option('findings', '100000'))
const ms = (n: number): string => `${n.toFixed(0)} ms`
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

let t = performance.now()
const report = syntheticReport({ findings, hostile: true })
const buildMs = performance.now() - t
t = performance.now()
const html = renderHtml(report)
const renderMs = performance.now() - t
const bytes = Buffer.byteLength(html)
const jsonBytes = Buffer.byteLength(JSON.stringify(report))

const dir = mkdtempSync(join(tmpdir(), 'guardrail-html-bench-'))
const file = join(dir, 'report.html')
writeFileSync(file, html)

const accountId = report.run.accounts[Math.floor(report.run.accounts.length / 2)]!.accountId
const checkId = Object.keys(report.summary.byCheck)[5]!
const control = Object.entries(report.findings[0]!.frameworks).map(([fw, ids]) => `${fw}:${ids[0]}`)[0] ?? ''
// Each step changes the view from the previous one; several are cold (first text search, first sort
// by resource) and so are the worst case.
const steps = [
  'status=fail',
  'status=fail&severity=high,critical',
  `status=fail&severity=high,critical&account=${accountId}`,
  'status=fail&ou=ou-prod-payments',
  `check=${checkId}`,
  `control=${encodeURIComponent(control)}`,
  'region=eu-west-1,us-east-1',
  'q=resource-12',
  'q=does%20not%20meet&status=fail',
  'status=fail&group=check',
  'status=fail&group=account',
  'sort=resource',
  'sort=account&status=error',
  'muted=muted',
  'view=findings',
]

const browser = await chromium.launch({ executablePath: findChromium(), headless: true })
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  const external: string[] = []
  await context.route('**/*', (route) => {
    if (route.request().url().startsWith('file:')) return route.continue()
    external.push(route.request().url())
    return route.abort()
  })
  const page = await context.newPage()
  const wallStart = performance.now()
  await page.goto(`${pathToFileURL(file).href}#view=findings`, { timeout: 120_000 })
  await page.waitForSelector('.vlist-canvas .vrow:not([hidden]) .cell-message', { state: 'visible', timeout: 120_000 })
  const wallFirstRender = performance.now() - wallStart
  // The page's own clock starts at navigation.
  const pageFirstRender = await page.evaluate(() => performance.now())

  const latencies: { step: string; ms: number; count: number }[] = []
  for (const step of steps) {
    const result = await page.evaluate(async (fragment) => {
      const html = document.documentElement
      const before = html.dataset.renderSeq
      const t0 = performance.now()
      // (No named inner functions: tsx would wrap them in a helper the page does not have.)
      const done = new Promise<void>((resolve) => {
        new MutationObserver((_, observer) => {
          if (html.dataset.renderSeq === before) return
          observer.disconnect()
          requestAnimationFrame(() => setTimeout(resolve, 0))
        }).observe(html, { attributes: true, attributeFilter: ['data-render-seq'] })
      })
      location.hash = fragment
      await done
      return { ms: performance.now() - t0, count: Number(html.dataset.count) }
    }, step)
    latencies.push({ step: step === '' ? '(all findings)' : decodeURIComponent(step), ...result })
  }
  const times = latencies.map((l) => l.ms)
  const lines = [
    `HTML report benchmark: ${findings.toLocaleString('en-US')} findings (hostile strings on)`,
    `  synthetic report built in ${ms(buildMs)}; findings.json (compact) ${(jsonBytes / 1e6).toFixed(1)} MB`,
    `  renderHtml: ${ms(renderMs)}, HTML size ${(bytes / 1e6).toFixed(2)} MB (${bytes.toLocaleString('en-US')} bytes)   target < 15 MB`,
    `  first render (navigation → explorer rows visible): ${ms(pageFirstRender)} page clock, ${ms(wallFirstRender)} wall   target < 3000 ms`,
    `  filter change → rows redrawn + next frame: median ${ms(median(times))}, max ${ms(Math.max(...times))} over ${times.length} changes   target < 300 ms`,
    ...latencies.map((l) => `    ${l.ms.toFixed(0).padStart(5)} ms  ${l.count.toLocaleString('en-US').padStart(7)} rows  ${l.step}`),
    `  requests outside the file: ${external.length}`,
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
} finally {
  await browser.close()
  rmSync(dir, { recursive: true, force: true })
}
