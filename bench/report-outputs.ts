// Every output of `guardrail report` at scale: the time to refine a 100k-finding report (suppressions,
// baseline) and to write each format, with the file sizes — through the same OUTPUT_FORMATS table
// the CLI uses (streamed writers included).
//
//   npx tsx bench/report-outputs.ts [--findings 100000]
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { applyBaseline } from '../src/refine/baseline.js'
import { applySuppressions } from '../src/refine/suppress.js'
import type { SuppressionEntry } from '../src/refine/suppressions-schema.js'
import { OUTPUT_FORMATS, type Format } from '../src/report/outputs.js'
import { syntheticAccountId, syntheticReport } from '../test/support/synthetic-report.js'

const i = process.argv.indexOf('--findings')
const findings = Number(i >= 0 ? process.argv[i + 1] : 100_000)
const seconds = (from: number) => `${((performance.now() - from) / 1000).toFixed(2)} s`
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`

let t = performance.now()
const report = syntheticReport({ findings, hostile: true })
// Last night's report: the same findings, one in ten with the other verdict.
const previous = { ...report, findings: report.findings.map((f, n) => (n % 10 === 0 ? { ...f, status: f.status === 'fail' ? ('pass' as const) : ('fail' as const) } : f)) }
console.log(`report outputs at ${findings.toLocaleString('en')} findings (synthetic, hostile strings; built in ${seconds(t)})`)

// 50 entries, the size of a real exceptions file, matching by account, OU, check glob and resource.
const entries: SuppressionEntry[] = Array.from({ length: 50 }, (_, n) => ({
  id: `exception-${n}`,
  checks: [n % 2 === 0 ? 'iam.*' : 'cloudwatch.alarm-*'],
  accounts: [syntheticAccountId(n)],
  ...(n % 5 === 0 ? { resources: ['arn:aws:*:resource-1*'] } : {}),
  reason: 'accepted risk',
  owner: 'platform-team@example.com',
  expires: '2026-09-30',
})) as SuppressionEntry[]
t = performance.now()
const muted = applySuppressions(report, entries, 'suppressions.yaml')
console.log(`  suppressions (50 entries)   ${seconds(t)}   ${muted.summary.muted ?? 0} muted`)
t = performance.now()
const compared = applyBaseline(muted, previous, 'previous/findings.json').report
console.log(`  baseline (${findings} × ${findings})  ${seconds(t)}   new ${compared.baseline!.counts.new}, resolved ${compared.baseline!.counts.resolved}`)

const dir = mkdtempSync(join(tmpdir(), 'guardrail-outputs-bench-'))
try {
  for (const format of ['json', 'html', 'csv', 'junit', 'ocsf', 'asff'] as Format[]) {
    const spec = OUTPUT_FORMATS[format]
    const path = join(dir, spec.file)
    t = performance.now()
    await spec.write(compared, path, {})
    console.log(`  ${format.padEnd(6)} ${spec.file.padEnd(22)} ${seconds(t).padStart(8)}   ${mb(statSync(path).size)}`)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
