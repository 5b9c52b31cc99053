// What the flat export formats (CSV, JUnit, OCSF, ASFF) look up beside each finding: the account's
// name, OU path and tags, and the check's title and texts. Built once per rendering as maps, so a
// 100k-finding report costs one map lookup per finding, never a scan of run.accounts or checks.
import { GLOBAL_REGION } from '../../core/types.js'
import { byCodePoint } from '../build.js'
import type { FindingsReport } from '../schema.js'

export type ReportAccount = FindingsReport['run']['accounts'][number]
export type ReportCheck = FindingsReport['checks'][number]
export type ReportFinding = FindingsReport['findings'][number]
export type ReportFramework = FindingsReport['frameworks'][number]

export interface ReportLookup {
  account(accountId: string): ReportAccount | undefined
  check(checkId: string): ReportCheck | undefined
  framework(frameworkId: string): ReportFramework | undefined
}

export function reportLookup(report: FindingsReport): ReportLookup {
  const accounts = new Map(report.run.accounts.map((a) => [a.accountId, a]))
  const checks = new Map(report.checks.map((c) => [c.id, c]))
  const frameworks = new Map(report.frameworks.map((f) => [f.id, f]))
  return {
    account: (id) => accounts.get(id),
    check: (id) => checks.get(id),
    framework: (id) => frameworks.get(id),
  }
}

/** "Production / Payments": OU names from the root down (ids are in the JSON for anyone who needs them). */
export function ouPathLabel(account: ReportAccount | undefined): string {
  return account?.ouPath?.map((ou) => ou.name).join(' / ') ?? ''
}

/** "aws-fsbp CloudTrail.7; cis-aws-3.0 3.4, 3.5": framework ids in code-point order, controls as given. */
export function frameworkRefsLabel(refs: Record<string, string[]>): string {
  return Object.keys(refs)
    .sort(byCodePoint)
    .map((fw) => `${fw} ${refs[fw]!.join(', ')}`)
    .join('; ')
}

/** The finding's check title, else its id (a report merged from an older rule set may lack the check). */
export function checkTitle(lookup: ReportLookup, checkId: string): string {
  return lookup.check(checkId)?.title ?? checkId
}

/**
 * Where region-less ('global') findings live for formats that need a real region: the caller's
 * choice, else the first region scanned (run.regions is sorted), else us-east-1, where IAM and
 * Organizations themselves live.
 */
export function homeRegion(report: FindingsReport, preferred?: string): string {
  if (preferred !== undefined && preferred !== '') return preferred
  return report.run.regions.find((r) => r !== GLOBAL_REGION) ?? 'us-east-1'
}
