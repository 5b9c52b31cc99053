// The scanning process of the benchmark, run as a child so its peak RSS is the scan's alone.
// Prints one JSON line on stdout: wall time, API calls per account, peak RSS.
import { ApiCallCounter } from '../src/aws/call-counter.js'
import { createSession } from '../src/aws/session.js'
import { ALL_CHECKS } from '../src/checks/index.js'
import { scanOrganization } from '../src/orchestrate/scan-organization.js'
import { createProgressReporter } from '../src/orchestrate/progress.js'
import { loadRules } from '../src/rules/load.js'

function arg(name: string): string {
  const i = process.argv.indexOf(`--${name}`)
  const value = i >= 0 ? process.argv[i + 1] : undefined
  if (value === undefined) throw new Error(`--${name} is required`)
  return value
}

const endpoint = arg('endpoint')
const rssBeforeScanKb = process.resourceUsage().maxRSS
const session = createSession({ region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, counter: new ApiCallCounter(), endpoint })
const progress = createProgressReporter({ mode: process.argv.includes('--progress') ? 'plain' : 'quiet' })
// Where the memory goes: the highest RSS seen at each phase's events (sampled, so a lower bound).
const rssByPhaseMb: Record<string, number> = {}
let phase = 'discover'
const sample = () => {
  const rss = Math.round(process.memoryUsage().rss / 1048576)
  rssByPhaseMb[phase] = Math.max(rssByPhaseMb[phase] ?? 0, rss)
}
const started = performance.now()
const result = await scanOrganization({
  session,
  ruleSet: loadRules({ checks: ALL_CHECKS }),
  workDir: arg('work-dir'),
  regions: arg('regions').split(','),
  concurrency: Number(arg('concurrency')),
  endpoint,
  onEvent: (event) => {
    sample()
    if (event.type === 'phase') phase = event.phase
    progress.onEvent(event)
  },
})
sample()
progress.close()
const wallSeconds = (performance.now() - started) / 1000
const maxRssKb = process.resourceUsage().maxRSS
// What the scan still holds once it is over: a full GC (the child runs with --expose-gc), then the
// heap in use. If per-account data were retained this would grow with the number of accounts.
const gc = (globalThis as { gc?: () => void }).gc
gc?.()
const heapAfterGcKb = Math.round(process.memoryUsage().heapUsed / 1024)
process.stdout.write(
  `${JSON.stringify({ wallSeconds, rssBeforeScanKb, maxRssKb, heapAfterGcKb, rssByPhaseMb, accounts: result.accounts, findings: result.findings, findingsPath: result.findingsPath, snapshotPath: result.snapshotPath })}\n`,
)
