// The human summary printed after a scan: one row per check, failing checks first (most severe
// first), then checks that could not be evaluated, then the rest; a totals row; one line on coverage.
// Renders only ids and counts — never AWS-supplied strings — so hostile names cannot reach a terminal.
import { SEVERITIES, type Status } from '../core/types.js'
import { byCodePoint } from './build.js'
import type { FindingsReport } from './schema.js'

interface Row {
  checkId: string
  severity: string
  counts: Record<Status, number>
}

const COLUMNS: { status: Status; label: string }[] = [
  { status: 'fail', label: 'FAIL' },
  { status: 'error', label: 'ERROR' },
  { status: 'pass', label: 'PASS' },
  { status: 'not_applicable', label: 'N/A' },
]

function rank(row: Row): number {
  if (row.counts.fail > 0) return 0
  if (row.counts.error > 0) return 1
  return 2
}

export function summaryRows(report: FindingsReport): Row[] {
  const rows = new Map<string, Row>()
  // Skipped checks (organization checks in a single-account scan) did not run: a row of zeros would
  // read as "nothing found". They are named in one line under the table instead.
  const skipped = new Set(report.coverage.checksSkipped.map((c) => c.checkId))
  for (const check of report.checks) {
    if (!check.enabled || skipped.has(check.id)) continue
    rows.set(check.id, { checkId: check.id, severity: check.severity, counts: { pass: 0, fail: 0, error: 0, not_applicable: 0 } })
  }
  // From the summary, not the findings: an organization scan's report header has counts for
  // findings that were streamed to disk and are not in memory.
  for (const [checkId, counts] of Object.entries(report.summary.byCheck)) {
    const row = rows.get(checkId)
    if (row) row.counts = { ...counts }
  }
  const severityIndex = (s: string) => SEVERITIES.indexOf(s as (typeof SEVERITIES)[number])
  return [...rows.values()].sort(
    (a, b) => rank(a) - rank(b) || severityIndex(a.severity) - severityIndex(b.severity) || b.counts.fail - a.counts.fail || byCodePoint(a.checkId, b.checkId),
  )
}

function table(header: string[], body: string[][], footer: string[]): string {
  const all = [header, ...body, footer]
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)))
  // Text columns left-aligned, count columns right-aligned.
  const line = (r: string[]) => r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd()
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  return [line(header), rule, ...body.map(line), rule, line(footer)].join('\n')
}

/** Account ids listed in the header; an organization scan of 20,000 accounts names the first few. */
export const MAX_HEADER_ACCOUNTS = 5

/**
 * "111111111111, 222222222222", or for many accounts the first `max` then "… and 19995 more" (the
 * header already states the total); 'none' when empty.
 */
export function summariseAccounts(ids: readonly string[], max = MAX_HEADER_ACCOUNTS): string {
  if (ids.length === 0) return 'none'
  if (ids.length <= max) return ids.join(', ')
  return `${ids.slice(0, max).join(', ')} … and ${ids.length - max} more`
}

export function renderSummary(report: FindingsReport, reportPath: string): string {
  const rows = summaryRows(report)
  const body = rows.map((r) => [r.checkId, r.severity, ...COLUMNS.map((c) => String(r.counts[c.status]))])
  const footer = ['TOTAL', '', ...COLUMNS.map((c) => String(report.summary.byStatus[c.status]))]
  const accounts = summariseAccounts(report.run.accounts.map((a) => a.accountId))
  const failing = SEVERITIES.filter((s) => report.summary.failuresBySeverity[s] > 0).map((s) => `${report.summary.failuresBySeverity[s]} ${s}`)
  const lines = [
    `guardrail ${report.tool.version} — ${report.run.command} of ${report.run.accounts.length} account(s): ${accounts}`,
    `as of ${report.run.asOf}; ${report.apiCalls.total} API call(s)`,
    '',
    table(['CHECK', 'SEVERITY', ...COLUMNS.map((c) => c.label)], body, footer),
    '',
    `Failures: ${failing.length > 0 ? failing.join(', ') : 'none'}`,
    ...(report.coverage.checksSkipped.length > 0
      ? [`Skipped: ${report.coverage.checksSkipped.length} organization check(s) — a single-account scan does not read the organization; run \`guardrail scan --org\` for them`]
      : []),
    ...(report.coverage.regionsSkipped.length > 0
      ? [`Regions skipped: ${report.coverage.regionsSkipped.map((r) => `${r.region} (${r.reason}, ${r.accounts} account${r.accounts === 1 ? '' : 's'})`).join(', ')}`]
      : []),
    report.coverage.complete
      ? `Coverage: complete (${report.coverage.checksRun} checks)`
      : `Coverage: INCOMPLETE — ${report.coverage.errors.length} evaluation(s) could not run (${[...new Set(report.coverage.errors.map((e) => e.errorCode))].sort(byCodePoint).join(', ')}); see coverage.errors`,
    `Report: ${reportPath}`,
  ]
  return lines.join('\n') + '\n'
}

