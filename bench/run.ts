// `npm run bench`: builds synthetic organizations in the emulator, scans each with scanOrganization
// in a child process, and prints wall time, API calls per account by service, the scan's peak RSS
// and the offline evaluation time of the resulting snapshot.
//
//   npm run bench -- --sizes 25x100,100x100 --regions us-east-1,eu-west-1 --concurrency 16
//
// Targets (2-core machine): 100 accounts × 100 users × 2 regions in < 60 s; IAM calls per account
// independent of the number of users; peak RSS < 400 MB and flat from 25 to 100 accounts; offline
// evaluation < 5 s; `guardrail evaluate` of 10,000 accounts under 400 MB (--evaluate-accounts N, 0 to skip).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ALL_CHECKS } from '../src/checks/index.js'
import { COLLECTORS } from '../src/collect/registry.js'
import { evaluateSnapshotFile } from '../src/orchestrate/evaluate-file.js'
import { benchEvaluate, formatEvaluateBench } from './evaluate-large.js'
import type { FindingsReport } from '../src/report/schema.js'
import { loadRules } from '../src/rules/load.js'
import { startEmulator } from '../tools/emulator.js'
import { seedSyntheticOrganization } from '../tools/seed-synthetic-org.js'

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback
}

const sizes = option('sizes', '25x100,100x100')
  .split(',')
  .map((s) => {
    const [accounts, users] = s.split('x').map(Number)
    if (!accounts || users === undefined || Number.isNaN(users)) throw new Error(`--sizes: "${s}" is not ACCOUNTSxUSERS`)
    return { accounts, users }
  })
const regions = option('regions', 'us-east-1,eu-west-1').split(',')
const concurrency = Number(option('concurrency', '16'))
const here = new URL('.', import.meta.url).pathname

interface ChildResult {
  wallSeconds: number
  rssBeforeScanKb: number
  maxRssKb: number
  heapAfterGcKb: number
  rssByPhaseMb: Record<string, number>
  accounts: number
  findings: number
  findingsPath: string
  snapshotPath: string
}

function runChild(endpoint: string, workDir: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, 'scan-child.ts'), '--endpoint', endpoint, '--work-dir', workDir, '--regions', regions.join(','), '--concurrency', String(concurrency)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as ChildResult) : reject(new Error(`scan child exited with ${code}`))))
  })
}

const stats = (xs: number[]) => ({ min: Math.min(...xs), max: Math.max(...xs), mean: xs.reduce((a, b) => a + b, 0) / xs.length })
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`

const emulator = await startEmulator()
const rows: string[] = []
try {
  for (const size of sizes) {
    await emulator.reset()
    const seedStarted = performance.now()
    await seedSyntheticOrganization({ endpoint: emulator.endpoint, accounts: size.accounts, usersPerAccount: size.users, regions, concurrency: 24, logging: true })
    const seedSeconds = (performance.now() - seedStarted) / 1000

    const workDir = mkdtempSync(join(tmpdir(), 'guardrail-bench-'))
    const scan = await runChild(emulator.endpoint, workDir)
    const report = JSON.parse(readFileSync(scan.findingsPath, 'utf8')) as FindingsReport

    // API calls per member account, by service ('_organization' is the one-off discovery).
    const perAccount = Object.entries(report.apiCalls.byAccount).filter(([k]) => k !== '_organization').map(([, v]) => v)
    const services = [...new Set(perAccount.flatMap((v) => Object.keys(v)))].sort()
    const byService = Object.fromEntries(services.map((s) => [s, stats(perAccount.map((v) => v[s] ?? 0))]))
    // The call budget: per account and region for services collected per region (ec2 includes the
    // one DescribeRegions of each account), per account for the global ones.
    const regionalServices = new Set<string>(COLLECTORS.filter((c) => c.scope === 'regional').map((c) => c.service))
    const budget = services.map((s) => {
      const perRegion = regionalServices.has(s)
      const { min, max, mean } = byService[s]!
      const d = perRegion ? regions.length : 1
      return `${s} ${(min / d).toFixed(1)}/${(mean / d).toFixed(1)}/${(max / d).toFixed(1)} per ${perRegion ? 'account-region' : 'account'}`
    })

    // Offline evaluation, as `guardrail evaluate` does it: stream + validate the snapshot file one
    // account at a time, run every check, assemble findings.json.
    const evalStarted = performance.now()
    const evaluated = await evaluateSnapshotFile({
      file: scan.snapshotPath,
      ruleSet: loadRules({ checks: ALL_CHECKS }),
      findingsPath: join(workDir, 'evaluated-findings.json'),
      command: 'evaluate',
      tool: { name: 'guardrail', version: 'bench' },
    })
    const findings = { length: evaluated.findings }
    const evalSeconds = (performance.now() - evalStarted) / 1000

    const line = [
      `${size.accounts + 1} accounts (${size.accounts} members + management) × ${size.users} users × ${regions.length} regions, concurrency ${concurrency}`,
      `  seed: ${seedSeconds.toFixed(1)} s`,
      `  scan wall time: ${scan.wallSeconds.toFixed(1)} s (${scan.accounts} accounts, ${scan.findings} findings)`,
      `  API calls per account by service (min/mean/max): ${services.map((s) => `${s} ${byService[s]!.min}/${byService[s]!.mean.toFixed(1)}/${byService[s]!.max}`).join(', ')}`,
      `  call budget by service (min/mean/max):\n    ${budget.join('\n    ')}`,
      `  organization-level calls: ${JSON.stringify(report.apiCalls.byAccount._organization ?? {})}`,
      `  peak RSS of the scanning process: ${mb(scan.maxRssKb)} (after loading modules, before scanning: ${mb(scan.rssBeforeScanKb)}; JS heap still in use after the scan and a full GC: ${mb(scan.heapAfterGcKb)})`,
      `  RSS sampled at the scan's events, highest per phase (MB): ${JSON.stringify(scan.rssByPhaseMb)}`,
      `  offline evaluate (parse + validate + ${findings.length} findings): ${evalSeconds.toFixed(2)} s`,
    ].join('\n')
    rows.push(line)
    process.stdout.write(`${line}\n`)
    rmSync(workDir, { recursive: true, force: true })
  }
} finally {
  await emulator.stop()
}

// `guardrail evaluate` of a synthetic snapshot far larger than the emulator can seed in a benchmark:
// memory must stay bounded by one account, not the organization.
const evaluateAccounts = Number(option('evaluate-accounts', '10000'))
if (evaluateAccounts > 0) {
  const line = formatEvaluateBench(await benchEvaluate(evaluateAccounts))
  rows.push(line)
  process.stdout.write(`${line}\n`)
}
