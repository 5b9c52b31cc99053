// findings.json without holding the findings in memory. The organization scan keeps each account's
// findings on disk; this writes the same document buildReport + renderReportJson would produce for
// the same content — byte for byte — by rendering everything except `findings` with the in-memory
// builder (from a light snapshot and precomputed totals) and then streaming the findings array in.
//
// Totals (summary and coverage) come before the findings in the document, so they are computed
// first from per-account totals (`summarizeFindings`, `combineTotals`), which are small.
import { writeStreamAtomic } from '../core/atomic-write.js'
import { SEVERITIES, STATUSES, type Finding, type Severity, type Status } from '../core/types.js'
import type { RuleSet } from '../rules/load.js'
import type { Snapshot } from '../snapshot/schema.js'
import { buildReport, compareFindings, renderReportJson, reportFinding, sortedByCheck } from './build.js'
import type { CoverageError, FindingsReport } from './schema.js'

/** What the report's summary and coverage need from a set of findings. JSON-serialisable. */
export interface FindingTotals {
  findings: number
  byStatus: Record<Status, number>
  failuresBySeverity: Record<Severity, number>
  /** Status counts per check id: the summary table and CI gates read these, not the findings. */
  byCheck: Record<string, Record<Status, number>>
  /** The error findings, in report order: coverage.errors is derived from them. */
  errorFindings: Finding[]
}

export function emptyTotals(): FindingTotals {
  return {
    findings: 0,
    byStatus: Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>,
    failuresBySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>,
    byCheck: {},
    errorFindings: [],
  }
}

export const zeroStatusCounts = (): Record<Status, number> => Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>

/** Counts as buildReport counts them: muted failures do not count towards failuresBySeverity. */
export function summarizeFindings(findings: readonly Finding[]): FindingTotals {
  const totals = emptyTotals()
  for (const f of findings) {
    totals.findings++
    totals.byStatus[f.status]++
    ;(totals.byCheck[f.checkId] ??= zeroStatusCounts())[f.status]++
    if (f.status === 'fail' && !f.muted) totals.failuresBySeverity[f.severity]++
    if (f.status === 'error') totals.errorFindings.push(f)
  }
  totals.errorFindings.sort(compareFindings)
  return totals
}

/** Adds `part` into `totals` (mutating and returning it); error findings are appended unsorted. */
export function addTotals(totals: FindingTotals, part: FindingTotals): FindingTotals {
  totals.findings += part.findings
  for (const s of STATUSES) totals.byStatus[s] += part.byStatus[s]
  for (const s of SEVERITIES) totals.failuresBySeverity[s] += part.failuresBySeverity[s]
  for (const [checkId, counts] of Object.entries(part.byCheck ?? {})) {
    const into = (totals.byCheck[checkId] ??= zeroStatusCounts())
    for (const s of STATUSES) into[s] += counts[s]
  }
  for (const f of part.errorFindings) totals.errorFindings.push(f)
  return totals
}

export function combineTotals(parts: Iterable<FindingTotals>): FindingTotals {
  const totals = emptyTotals()
  for (const p of parts) addTotals(totals, p)
  totals.errorFindings.sort(compareFindings)
  return totals
}

const coverageError = (f: Finding): CoverageError => ({ checkId: f.checkId, accountId: f.accountId, region: f.region, errorCode: f.errorCode ?? 'Unknown', message: f.message })

export interface StreamReportInput {
  command: FindingsReport['run']['command']
  tool: { name: string; version: string }
  /**
   * Metadata and one entry per account (name, ouPath, regions, access, apiCalls) — the accounts'
   * IAM and regional data are not needed and should be left out.
   */
  snapshot: Snapshot
  ruleSet: RuleSet
  asOf: Date
  totals: FindingTotals
  /**
   * The findings, in groups whose concatenation is in report order (compareFindings) — e.g. one
   * group per account, accounts in code-point order, each group sorted.
   */
  findings: AsyncIterable<readonly Finding[]> | Iterable<readonly Finding[]>
}

/** Everything but the findings, exactly as buildReport would render it. */
export function reportHeader(input: Omit<StreamReportInput, 'findings'>): FindingsReport {
  const report = buildReport({ command: input.command, tool: input.tool, snapshot: input.snapshot, findings: [], ruleSet: input.ruleSet, asOf: input.asOf })
  const errors = input.totals.errorFindings.map(coverageError)
  report.coverage = { ...report.coverage, complete: errors.length === 0, errors }
  report.summary = {
    findings: input.totals.findings,
    byStatus: { ...input.totals.byStatus },
    failuresBySeverity: { ...input.totals.failuresBySeverity },
    byCheck: sortedByCheck(input.totals.byCheck),
  }
  return report
}

const EMPTY_FINDINGS_TAIL = '  "findings": []\n}\n'

/** Indents a rendered finding as an element of the top-level findings array. */
const asArrayElement = (f: Finding) =>
  JSON.stringify(reportFinding(f), null, 2)
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')

/** Writes the report to `write` chunk by chunk; resolves to the number of findings written. */
export async function streamReport(input: StreamReportInput, write: (chunk: string) => Promise<void> | void): Promise<number> {
  const header = renderReportJson(reportHeader(input))
  if (!header.endsWith(EMPTY_FINDINGS_TAIL)) throw new Error('report layout changed: findings is no longer the last field; update src/report/stream.ts')
  const head = header.slice(0, -EMPTY_FINDINGS_TAIL.length)
  let count = 0
  let previous: Finding | undefined
  for await (const group of input.findings) {
    for (const f of group) {
      // The byte-identical promise rests on order; a caller handing groups out of order is a bug.
      if (previous && compareFindings(previous, f) > 0) {
        throw new Error(`findings out of report order: ${previous.accountId}/${previous.checkId} before ${f.accountId}/${f.checkId}`)
      }
      previous = f
      await write(count === 0 ? `${head}  "findings": [\n${asArrayElement(f)}` : `,\n${asArrayElement(f)}`)
      count++
    }
  }
  if (count !== input.totals.findings) throw new Error(`streamed ${count} findings but the totals count ${input.totals.findings}`)
  await write(count === 0 ? header : '\n  ]\n}\n')
  return count
}

/** streamReport into `file`, atomically (temp file + rename): the report appears whole or not at all. */
export async function writeReportFile(file: string, input: StreamReportInput): Promise<number> {
  return writeStreamAtomic(file, (write) => streamReport(input, write))
}
