// Snapshot + findings + rules → the findings.json document. Pure: everything time-like comes from
// the snapshot or the caller's as-of, never from the clock, so the same inputs give the same bytes.
import { SEVERITIES, STATUSES, type Finding, type Severity, type Status } from '../core/types.js'
import type { RuleSet } from '../rules/load.js'
import type { AccountSnapshot, Snapshot } from '../snapshot/schema.js'
import { scanCovers } from '../engine/evaluate.js'
import { findingsReportSchema, REPORT_SCHEMA_VERSION, type CoverageError, type FindingsReport } from './schema.js'

/** Key for API calls made outside any one account (STS identity, Organizations discovery). */
export const ORGANIZATION_CALLS_KEY = '_organization'

export interface BuildReportInput {
  command: FindingsReport['run']['command']
  tool: { name: string; version: string }
  snapshot: Snapshot
  findings: readonly Finding[]
  ruleSet: RuleSet
  asOf: Date
}

/** Code-point order, not localeCompare: the report must not depend on the machine's locale. */
export const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

export function compareFindings(a: Finding, b: Finding): number {
  return (
    byCodePoint(a.accountId, b.accountId) ||
    byCodePoint(a.checkId, b.checkId) ||
    byCodePoint(a.region, b.region) ||
    byCodePoint(a.resource, b.resource) ||
    byCodePoint(a.status, b.status) ||
    byCodePoint(a.id, b.id) ||
    byCodePoint(a.message, b.message)
  )
}

function sortedRecord<V>(entries: Iterable<[string, V]>): Record<string, V> {
  return Object.fromEntries([...entries].sort(([a], [b]) => byCodePoint(a, b)))
}

/** Per-check status counts, keys in code-point order (copied: the document never aliases inputs). */
export function sortedByCheck(byCheck: Record<string, Record<Status, number>>): Record<string, Record<Status, number>> {
  return sortedRecord(Object.entries(byCheck).map(([id, c]) => [id, { pass: c.pass, fail: c.fail, error: c.error, not_applicable: c.not_applicable }]))
}

function addCounts(into: Map<string, number>, counts: Record<string, number>): void {
  for (const [service, n] of Object.entries(counts)) into.set(service, (into.get(service) ?? 0) + n)
}

function apiCallsOf(snapshot: Snapshot): FindingsReport['apiCalls'] {
  const byService = new Map<string, number>()
  const byAccount: [string, Record<string, number>][] = []
  if (Object.keys(snapshot.apiCalls).length > 0) {
    byAccount.push([ORGANIZATION_CALLS_KEY, sortedRecord(Object.entries(snapshot.apiCalls))])
    addCounts(byService, snapshot.apiCalls)
  }
  for (const account of snapshot.accounts) {
    byAccount.push([account.accountId, sortedRecord(Object.entries(account.apiCalls))])
    addCounts(byService, account.apiCalls)
  }
  const total = [...byService.values()].reduce((a, b) => a + b, 0)
  return { total, byService: sortedRecord(byService), byAccount: sortedRecord(byAccount) }
}

/** Copies a finding field by field so the document's key order never depends on how a check built it. */
/** coverage.regionsSkipped: each skipped region and reason once, with the number of accounts it was skipped in. */
export function regionsSkippedOf(accounts: readonly Pick<AccountSnapshot, 'skippedRegions'>[]): FindingsReport['coverage']['regionsSkipped'] {
  const counts = new Map<string, { region: string; reason: string; accounts: number }>()
  for (const a of accounts) {
    for (const { region, reason } of a.skippedRegions ?? []) {
      const key = `${region}\u0000${reason}`
      const entry = counts.get(key) ?? { region, reason, accounts: 0 }
      entry.accounts++
      counts.set(key, entry)
    }
  }
  return [...counts.values()].sort((a, b) => byCodePoint(a.region, b.region) || byCodePoint(a.reason, b.reason))
}

export function reportFinding(f: Finding): FindingsReport['findings'][number] {
  const out: FindingsReport['findings'][number] = {
    id: f.id,
    checkId: f.checkId,
    status: f.status,
    severity: f.severity,
    accountId: f.accountId,
    region: f.region,
    resource: f.resource,
    message: f.message,
    frameworks: sortedRecord(Object.entries(f.frameworks).map(([fw, controls]) => [fw, [...controls]])),
  }
  if (f.evidence !== undefined) out.evidence = f.evidence
  if (f.errorCode !== undefined) out.errorCode = f.errorCode
  if (f.muted !== undefined) {
    out.muted = { reason: f.muted.reason, owner: f.muted.owner, expires: f.muted.expires, ...(f.muted.suppression !== undefined ? { suppression: f.muted.suppression } : {}) }
  }
  if (f.baseline !== undefined) out.baseline = f.baseline
  if (f.firstSeen !== undefined) out.firstSeen = f.firstSeen
  return out
}

const SKIP_REASON = 'organization view not collected: this was a single-account scan (run `guardrail scan --org` from the management or a delegated administrator account)'

export function buildReport({ command, tool, snapshot, findings, ruleSet, asOf }: BuildReportInput): FindingsReport {
  const sorted = [...findings].sort(compareFindings)

  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>
  const failuresBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>
  const errors: CoverageError[] = []
  const byCheck: Record<string, Record<Status, number>> = {}
  for (const f of sorted) {
    byStatus[f.status]++
    ;(byCheck[f.checkId] ??= Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>)[f.status]++
    if (f.status === 'fail' && !f.muted) failuresBySeverity[f.severity]++
    if (f.status === 'error') {
      errors.push({ checkId: f.checkId, accountId: f.accountId, region: f.region, errorCode: f.errorCode ?? 'Unknown', message: f.message })
    }
  }

  const rules = [...ruleSet.rules.values()].sort((a, b) => byCodePoint(a.check.id, b.check.id))
  const skipped = rules.filter((r) => r.enabled && !scanCovers(snapshot, r.check.scope))
  const regions = [...new Set(snapshot.accounts.flatMap((a) => a.regions))].sort(byCodePoint)

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: tool.name, version: tool.version },
    run: {
      command,
      snapshotSchemaVersion: snapshot.schemaVersion,
      startedAt: snapshot.startedAt,
      finishedAt: snapshot.finishedAt,
      asOf: asOf.toISOString(),
      partition: snapshot.partition,
      caller: { arn: snapshot.caller.arn, accountId: snapshot.caller.accountId },
      accounts: [...snapshot.accounts]
        .sort((a, b) => byCodePoint(a.accountId, b.accountId))
        .map((a) => ({
          accountId: a.accountId,
          ...(a.name !== undefined ? { name: a.name } : {}),
          ...(a.ouPath !== undefined ? { ouPath: a.ouPath.map((ou) => ({ id: ou.id, name: ou.name })) } : {}),
          regions: [...a.regions].sort(byCodePoint),
          ...(a.skippedRegions !== undefined && a.skippedRegions.length > 0 ? { regionsSkipped: [...a.skippedRegions].sort((x, y) => byCodePoint(x.region, y.region)) } : {}),
          accessible: a.access.kind === 'ok',
          ...(a.tags !== undefined && Object.keys(a.tags).length > 0 ? { tags: sortedRecord(Object.entries(a.tags)) } : {}),
        })),
      regions,
    },
    apiCalls: apiCallsOf(snapshot),
    coverage: {
      complete: errors.length === 0,
      checksRun: rules.filter((r) => r.enabled).length - skipped.length,
      checksDisabled: rules.filter((r) => !r.enabled).map((r) => r.check.id),
      checksSkipped: skipped.map((r) => ({ checkId: r.check.id, reason: SKIP_REASON })),
      errors,
      regionsSkipped: regionsSkippedOf(snapshot.accounts),
    },
    summary: { findings: sorted.length, byStatus, failuresBySeverity, byCheck: sortedByCheck(byCheck) },
    checks: rules.map((r) => ({
      id: r.check.id,
      title: r.check.title,
      severity: r.severity,
      enabled: r.enabled,
      scope: r.check.scope,
      frameworks: sortedRecord(Object.entries(r.frameworks)),
      description: r.check.description,
      rationale: r.check.rationale,
      remediation: r.check.remediation,
    })),
    frameworks: ruleSet.frameworks.map((fw) => ({
      id: fw.id,
      name: fw.name,
      version: fw.version,
      ...(fw.url !== undefined ? { url: fw.url } : {}),
      controls: fw.controls.map((c) => ({ id: c.id, title: c.title, checks: [...c.checks] })),
    })),
    findings: sorted.map(reportFinding),
  }
}

/** Two-space JSON with a trailing newline: diff-friendly, and stable for equal inputs. */
export function renderReportJson(report: FindingsReport): string {
  return JSON.stringify(inSchemaOrder(report), null, 2) + '\n'
}

const REPORT_KEYS = Object.keys(findingsReportSchema.shape) as (keyof FindingsReport)[]

/**
 * The report's top-level keys in schema order, whatever order the steps that produced it set them
 * in (selection, suppressions and baseline are added after the report was built): the bytes must not
 * depend on the path taken, and `findings` must stay last (stream.ts relies on it).
 */
function inSchemaOrder(report: FindingsReport): FindingsReport {
  const ordered: Record<string, unknown> = {}
  for (const key of REPORT_KEYS) if (report[key] !== undefined) ordered[key] = report[key]
  ordered.findings = report.findings.map((f) => reportFinding(f as Finding))
  return ordered as FindingsReport
}
