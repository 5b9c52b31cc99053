// Fixtures for the HTML report tests: the synthetic report (hostile strings included) with the
// optional fields other features fill — suppressions, a baseline, first-seen dates — so every part of
// the page has something to render. Deterministic.
import { HOSTILE, syntheticReport } from '../../../support/synthetic-report.js'
import type { FindingsReport } from '../../../../src/report/schema.js'
import { BASELINE_STATES } from '../../../../src/report/schema.js'

export function richReport(findings: number): FindingsReport {
  const report = syntheticReport({ findings, hostile: true, mutedShare: 0.1 })
  report.findings.forEach((f, i) => {
    f.baseline = BASELINE_STATES[i % 3]
    if (i % 4 === 0) f.firstSeen = '2026-05-01T00:00:00.000Z'
  })
  const counts = { new: 0, unchanged: 0, resolved: 0 }
  for (const f of report.findings) counts[f.baseline!]++
  const muted = report.findings.filter((f) => f.muted !== undefined).length
  report.summary.muted = muted
  report.suppressions = {
    file: 'suppressions.yaml',
    entries: [
      { suppression: 'entry 1', reason: HOSTILE.script, owner: 'platform-team@example.com', expires: '2027-01-31', state: 'active', matched: muted },
      { suppression: 'old-exception', reason: 'legacy', owner: HOSTILE.img, expires: '2025-01-01', state: 'expired', matched: 0 },
    ],
  }
  report.baseline = {
    file: 'baseline.json',
    asOf: '2026-05-01T00:00:00.000Z',
    counts,
    newFailuresBySeverity: { critical: 1, high: 2, medium: 3, low: 0, info: 0 },
    gone: [{ id: 'deadbeef', checkId: 's3.bucket-public-access', status: 'fail', severity: 'high', accountId: '100000000000', region: 'eu-west-1', resource: `arn:aws:s3:::${HOSTILE.script}`, message: 'was public' }],
  }
  report.selection = { minSeverity: 'low' }
  const check = report.checks[0]!
  check.description = `What ${HOSTILE.img}`
  check.rationale = 'Why it matters'
  check.remediation = 'Fix it like this'
  return report
}
