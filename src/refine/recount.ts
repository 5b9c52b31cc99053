// A report's totals from its findings. Every step that changes findings after the report was built
// (narrowing to a selection, muting, comparing with a baseline) ends here, so summary and coverage
// are always a count of the findings in the same document — never carried over from before the step.
import { SEVERITIES, type Finding, type Severity } from '../core/types.js'
import { sortedByCheck } from '../report/build.js'
import type { FindingsReport } from '../report/schema.js'
import { summarizeFindings } from '../report/stream.js'

export function recount(report: FindingsReport): FindingsReport {
  const totals = summarizeFindings(report.findings as Finding[])
  const errors = totals.errorFindings.map((f) => ({ checkId: f.checkId, accountId: f.accountId, region: f.region, errorCode: f.errorCode ?? 'Unknown', message: f.message }))
  const muted = report.suppressions !== undefined ? report.findings.filter((f) => f.muted !== undefined).length : 0
  return {
    ...report,
    ...(report.baseline !== undefined ? { baseline: { ...report.baseline, newFailuresBySeverity: newFailuresBySeverity(report.findings) } } : {}),
    coverage: { ...report.coverage, complete: errors.length === 0, errors },
    summary: {
      findings: totals.findings,
      byStatus: totals.byStatus,
      failuresBySeverity: totals.failuresBySeverity,
      byCheck: sortedByCheck(totals.byCheck),
      // With the suppressions that muted them: a report nobody applied suppressions to has no count.
      ...(report.suppressions !== undefined ? { muted } : {}),
    },
  }
}

/** Unmuted failures the baseline comparison marked new: what --new-only gates on. */
function newFailuresBySeverity(findings: FindingsReport['findings']): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>
  for (const f of findings) if (f.status === 'fail' && !f.muted && f.baseline === 'new') counts[f.severity]++
  return counts
}
