// The exit-code contract CI pipelines depend on:
//   0 clean · 1 a failing finding at or above --fail-on · 2 bad input (raised elsewhere) ·
//   3 some checks could not be evaluated, only with --strict.
// With --new-only (and a baseline), only failures that are new since the baseline count for 1.
// Failing findings win over incompleteness: they are confirmed problems, whereas an incomplete scan
// only says "there may be more".
import { EXIT } from '../core/errors.js'
import { SEVERITIES, severityAtLeast } from '../core/types.js'
import type { FailOn } from '../config/schema.js'
import type { FindingsReport } from '../report/schema.js'

/** Reads only summary and coverage, so it works on an organization scan's streamed report too. */
export function exitCodeFor(report: Pick<FindingsReport, 'summary' | 'coverage' | 'baseline'>, failOn: FailOn, strict: boolean, newOnly = false): number {
  if (failOn !== 'none') {
    // Both count unmuted failures only.
    const counts = newOnly && report.baseline ? report.baseline.newFailuresBySeverity : report.summary.failuresBySeverity
    const failing = SEVERITIES.some((s) => severityAtLeast(s, failOn) && counts[s] > 0)
    if (failing) return EXIT.findings
  }
  if (strict && !report.coverage.complete) return EXIT.incomplete
  return EXIT.ok
}
