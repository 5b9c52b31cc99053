// What a view should contain, computed straight from findings.json with none of the app's code:
// the reference the filter engine (in Node and in Chromium) is held to.
import type { FindingsReport } from '../../../../src/report/schema.js'

export type Filters = Partial<Record<'status' | 'severity' | 'account' | 'ou' | 'region' | 'check' | 'control' | 'muted' | 'baseline', string[]>>

type Finding = FindingsReport['findings'][number]

function searchable(report: FindingsReport, f: Finding): string {
  const check = report.checks.find((c) => c.id === f.checkId)
  const account = report.run.accounts.find((a) => a.accountId === f.accountId)
  return [f.checkId, check?.title, f.accountId, account?.name, f.region, f.resource, f.message, f.id, f.errorCode, f.muted === undefined ? '' : JSON.stringify(f.muted), f.evidence === undefined ? '' : JSON.stringify(f.evidence)].join('\u0000').toLowerCase()
}

export function matches(report: FindingsReport, f: Finding, filters: Filters, q = ''): boolean {
  const ouIds = (report.run.accounts.find((a) => a.accountId === f.accountId)?.ouPath ?? []).map((o) => o.id)
  const controls = Object.entries(f.frameworks).flatMap(([fw, ids]) => ids.map((id) => `${fw}:${id}`))
  const want = (d: keyof Filters, values: string[]): boolean => filters[d] === undefined || filters[d]!.length === 0 || values.some((v) => filters[d]!.includes(v))
  const terms = q.toLowerCase().split(/\s+/).filter((t) => t !== '')
  const text = terms.length === 0 ? '' : searchable(report, f)
  return (
    want('status', [f.status]) &&
    want('severity', [f.severity]) &&
    want('account', [f.accountId]) &&
    want('ou', ouIds) &&
    want('region', [f.region]) &&
    want('check', [f.checkId]) &&
    want('control', controls) &&
    want('muted', [f.muted === undefined ? 'unmuted' : 'muted']) &&
    want('baseline', f.baseline === undefined ? [] : [f.baseline]) &&
    terms.every((t) => text.includes(t))
  )
}

export function expectedCount(report: FindingsReport, filters: Filters, q = ''): number {
  return report.findings.filter((f) => matches(report, f, filters, q)).length
}
