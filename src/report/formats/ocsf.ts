// findings.ocsf.jsonl: every finding as an OCSF 1.8.0 Compliance Finding event (class_uid 2003,
// category Findings), one JSON object per line, for SIEMs and data lakes (Security Lake, Splunk,
// Sentinel) that ingest OCSF.
//
// Mapping (guardrail → OCSF):
// - status → compliance.status_id: pass → 1 Pass, fail → 3 Fail, error → 2 Warning ("did not yield a
//   result due to missing information": the data could not be read), not_applicable → 99 Other
//   with compliance.status "Not Applicable". The error code goes to compliance.status_code.
// - severity → severity_id: info 1, low 2, medium 3, high 4, critical 5.
// - Finding lifecycle (status_id): muted → 3 Suppressed (the suppression in status_detail), baseline
//   'resolved' → 4 Resolved, otherwise 1 New.
// - activity_id: with a baseline, 'unchanged' → 2 Update and 'resolved' → 3 Close; otherwise 1 Create.
// - time is run.asOf (when the checks evaluated), never the clock: same report, same bytes.
// - The account (uid, name, tags; type AWS Account) and region go to cloud; the resource (its ARN,
//   ASFF-style type, region, partition) to resources[]; the check to finding_info.analytic and
//   compliance.checks[]; framework controls to compliance.standards / requirements.
// - What OCSF has no attribute for (OU path, guardrail's own status word, evidence, suppression,
//   baseline) goes to unmapped.guardrail. OU path cannot be cloud.org: OCSF's organization object
//   needs the organization's name or id, which findings.json does not carry.
// Each line is neutralizeControl'd: JSON.stringify leaves U+2028/2029, C1 and bidi controls raw,
// which line-oriented tools and terminals mishandle; as \uXXXX escapes they decode to the same value.
import { neutralizeControl } from '../../core/terminal-text.js'
import { GLOBAL_REGION, type Severity, type Status } from '../../core/types.js'
import { byCodePoint } from '../build.js'
import type { FindingsReport } from '../schema.js'
import { checkTitle, ouPathLabel, reportLookup, type ReportFinding, type ReportLookup } from './lookup.js'
import { asffResourceType } from './resource-type.js'

export const OCSF_FILE = 'findings.ocsf.jsonl'
export const OCSF_VERSION = '1.8.0'

const CATEGORY = { uid: 2, name: 'Findings' } as const
const CLASS = { uid: 2003, name: 'Compliance Finding' } as const

const SEVERITY: Record<Severity, { id: number; caption: string }> = {
  info: { id: 1, caption: 'Informational' },
  low: { id: 2, caption: 'Low' },
  medium: { id: 3, caption: 'Medium' },
  high: { id: 4, caption: 'High' },
  critical: { id: 5, caption: 'Critical' },
}

const COMPLIANCE_STATUS: Record<Status, { id: number; caption: string }> = {
  pass: { id: 1, caption: 'Pass' },
  error: { id: 2, caption: 'Warning' },
  fail: { id: 3, caption: 'Fail' },
  not_applicable: { id: 99, caption: 'Not Applicable' },
}

const ACTIVITY = { create: { id: 1, caption: 'Create' }, update: { id: 2, caption: 'Update' }, close: { id: 3, caption: 'Close' } } as const
const FINDING_STATUS = { new: { id: 1, caption: 'New' }, suppressed: { id: 3, caption: 'Suppressed' }, resolved: { id: 4, caption: 'Resolved' } } as const

/** Epoch milliseconds (OCSF timestamp_t), or undefined for a string that is not a date. */
function epochMillis(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : ms
}

function activityOf(f: ReportFinding): { id: number; caption: string } {
  if (f.baseline === 'unchanged') return ACTIVITY.update
  if (f.baseline === 'resolved') return ACTIVITY.close
  return ACTIVITY.create
}

function findingStatusOf(f: ReportFinding): { id: number; caption: string } {
  if (f.muted) return FINDING_STATUS.suppressed
  if (f.baseline === 'resolved') return FINDING_STATUS.resolved
  return FINDING_STATUS.new
}

/** "CIS AWS Foundations Benchmark 3.0.0" for a framework id the report describes, else the id. */
function standardName(lookup: ReportLookup, frameworkId: string): string {
  const fw = lookup.framework(frameworkId)
  return fw ? `${fw.name} ${fw.version}` : frameworkId
}

function complianceOf(f: ReportFinding, lookup: ReportLookup, title: string): Record<string, unknown> {
  const status = COMPLIANCE_STATUS[f.status]
  const frameworkIds = Object.keys(f.frameworks).sort(byCodePoint)
  const standards = frameworkIds.map((id) => standardName(lookup, id))
  const requirements = frameworkIds.flatMap((id) => f.frameworks[id]!.map((control) => `${standardName(lookup, id)} ${control}`))
  // The check's description and standards are already in finding_info.desc and compliance.standards:
  // not repeated here, since an organization's export is 100k events and every byte counts 100k times.
  const check = { uid: f.checkId, name: title, severity: f.severity, severity_id: SEVERITY[f.severity].id, status: status.caption, status_id: status.id }
  return {
    status_id: status.id,
    status: status.caption,
    ...(f.errorCode !== undefined ? { status_code: f.errorCode } : {}),
    ...(standards.length > 0 ? { standards, requirements } : {}),
    checks: [check],
  }
}

function cloudOf(f: ReportFinding, report: FindingsReport, lookup: ReportLookup): Record<string, unknown> {
  const account = lookup.account(f.accountId)
  const tags = Object.entries(account?.tags ?? {}).map(([name, value]) => ({ name, value }))
  return {
    provider: 'AWS',
    ...(f.region !== GLOBAL_REGION ? { region: f.region } : {}),
    cloud_partition: report.run.partition,
    account: {
      uid: f.accountId,
      ...(account?.name !== undefined ? { name: account.name } : {}),
      type_id: 10,
      type: 'AWS Account',
      ...(tags.length > 0 ? { tags } : {}),
    },
  }
}

function unmappedOf(f: ReportFinding, lookup: ReportLookup): Record<string, unknown> {
  const account = lookup.account(f.accountId)
  const guardrail: Record<string, unknown> = { status: f.status, frameworks: f.frameworks }
  if (account?.ouPath !== undefined) guardrail.ou_path = { label: ouPathLabel(account), ous: account.ouPath }
  if (f.evidence !== undefined) guardrail.evidence = f.evidence
  if (f.muted !== undefined) guardrail.muted = f.muted
  if (f.baseline !== undefined) guardrail.baseline = f.baseline
  if (f.firstSeen !== undefined) guardrail.first_seen = f.firstSeen
  return { guardrail }
}

/** One finding as an OCSF Compliance Finding event (a plain object, in a fixed key order). */
export function ocsfEvent(f: ReportFinding, report: FindingsReport, lookup: ReportLookup): Record<string, unknown> {
  const title = checkTitle(lookup, f.checkId)
  const check = lookup.check(f.checkId)
  const activity = activityOf(f)
  const status = findingStatusOf(f)
  const firstSeen = epochMillis(f.firstSeen)
  const resource: Record<string, unknown> = { uid: f.resource, type: asffResourceType(f.resource), cloud_partition: report.run.partition }
  if (f.region !== GLOBAL_REGION) resource.region = f.region

  return {
    activity_id: activity.id,
    activity_name: activity.caption,
    category_uid: CATEGORY.uid,
    category_name: CATEGORY.name,
    class_uid: CLASS.uid,
    class_name: CLASS.name,
    type_uid: CLASS.uid * 100 + activity.id,
    type_name: `${CLASS.name}: ${activity.caption}`,
    severity_id: SEVERITY[f.severity].id,
    severity: SEVERITY[f.severity].caption,
    status_id: status.id,
    status: status.caption,
    ...(f.muted !== undefined ? { status_detail: `Muted by ${f.muted.suppression ?? 'a suppression'} (owner ${f.muted.owner}, expires ${f.muted.expires}): ${f.muted.reason}` } : {}),
    time: epochMillis(report.run.asOf) ?? 0,
    message: f.message,
    metadata: {
      version: OCSF_VERSION,
      product: { name: report.tool.name, vendor_name: report.tool.name, version: report.tool.version },
      profiles: ['cloud'],
    },
    finding_info: {
      uid: f.id,
      title,
      ...(check?.description !== undefined ? { desc: check.description } : {}),
      analytic: { uid: f.checkId, name: title, type_id: 1, type: 'Rule' },
      ...(firstSeen !== undefined ? { first_seen_time: firstSeen } : {}),
    },
    compliance: complianceOf(f, lookup, title),
    ...(check?.remediation !== undefined ? { remediation: { desc: check.remediation } } : {}),
    resources: [resource],
    cloud: cloudOf(f, report, lookup),
    unmapped: unmappedOf(f, lookup),
  }
}

/** The file in pieces, one event line (with its newline) per finding, for writing as a stream. */
export function* ocsfLines(report: FindingsReport): Generator<string> {
  const lookup = reportLookup(report)
  for (const f of report.findings) yield neutralizeControl(JSON.stringify(ocsfEvent(f, report, lookup))) + '\n'
}

export function renderOcsf(report: FindingsReport): string {
  return [...ocsfLines(report)].join('')
}
