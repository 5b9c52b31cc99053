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
const started = performance.now()
const result = await scanOrganization({
  session,
  ruleSet: loadRules({ checks: ALL_CHECKS }),
  workDir: arg('work-dir'),
  regions: arg('regions').split(','),
  concurrency: Number(arg('concurrency')),
  endpoint,
  onEvent: progress.onEvent,
})
progress.close()
const wallSeconds = (performance.now() - started) / 1000
process.stdout.write(
  `${JSON.stringify({ wallSeconds, rssBeforeScanKb, maxRssKb: process.resourceUsage().maxRSS, accounts: result.accounts, findings: result.findings, findingsPath: result.findingsPath, snapshotPath: result.snapshotPath })}\n`,
)
