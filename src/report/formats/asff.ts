// findings.asff.json: the findings in the AWS Security Finding Format, for Security Hub's
// BatchImportFindings.
//
// File shape: { "Findings": [ … ] } — the request BatchImportFindings takes: the SDK's
// `new BatchImportFindingsCommand(JSON.parse(file))` and, for up to 100 findings of one account and
// region, `aws securityhub batch-import-findings --cli-input-json file://findings.asff.json`. Security
// Hub accepts at most 100 findings (and 6 MB) per call, and with the default product ARN the caller
// must be the finding's own account in the ProductArn's region; asffImportBatches splits the findings
// into requests that respect all three. One finding per line keeps the file greppable and diffable.
//
// Mapping (guardrail → ASFF):
// - ProductArn arn:<partition>:securityhub:<region>:<account>:product/<account>/default with the
//   finding's own account: findings for a custom integration are imported by each account itself.
// - Region: the finding's region; 'global' findings (IAM, Organizations) go to the home region
//   (options.region, else the first region scanned, else us-east-1). Resources[].Region likewise.
// - Id guardrail/<checkId>/<finding id>: the finding id is stable across runs, so a re-import updates
//   the same Security Hub finding. GeneratorId guardrail/<checkId>.
// - Compliance.Status: pass → PASSED, fail → FAILED, error → WARNING ("some information is missing":
//   the data could not be read; the error code is in StatusReasons), not_applicable → NOT_AVAILABLE
//   (what Security Hub uses for Config's NOT_APPLICABLE).
// - Severity.Label: the check's severity for failures; INFORMATIONAL otherwise, as Security Hub's own
//   controls do for passed findings (Severity.Original always carries the check's severity). Severity
//   and Types are also in FindingProviderFields, where Security Hub reads provider updates from.
// - Muted findings: Workflow.Status SUPPRESSED and a Note naming the suppression; others NEW. Security
//   Hub only takes Workflow and Note when it creates a finding: muting an already imported finding
//   needs BatchUpdateFindings.
// - Findings the baseline had failing that are gone now (report.baseline.gone) are sent with
//   RecordState ARCHIVED, so Security Hub closes them instead of keeping them active for 90 days.
// - Strings are cut to the API's length limits (Title 256, Description 1024, …) on a code-point
//   boundary with "…", and line breaks in one-line fields become spaces.
import type { AwsSecurityFinding, BatchImportFindingsRequest, Partition } from '@aws-sdk/client-securityhub'
import { neutralizeControl } from '../../core/terminal-text.js'
import { GLOBAL_REGION, type Severity, type Status } from '../../core/types.js'
import { byCodePoint } from '../build.js'
import type { FindingsReport } from '../schema.js'
import { checkTitle, homeRegion, reportLookup, type ReportLookup } from './lookup.js'
import { asffResourceType } from './resource-type.js'

export const ASFF_FILE = 'findings.asff.json'
export const ASFF_SCHEMA_VERSION = '2018-10-08'

export interface AsffOptions {
  /** The region 'global' findings are imported into (default: first region scanned, else us-east-1). */
  region?: string
}

export type AsffFinding = AwsSecurityFinding

/** API limits (AwsSecurityFinding and nested shapes, Security Hub API reference). */
export const ASFF_LIMITS = {
  id: 512,
  generatorId: 512,
  title: 256,
  description: 1024,
  productName: 128,
  accountName: 50,
  severityOriginal: 64,
  recommendationText: 512,
  noteText: 512,
  noteUpdatedBy: 512,
  productFieldKey: 128,
  productFieldValue: 2048,
  types: 50,
  relatedRequirements: 32,
  resourceType: 256,
  findingsPerBatch: 100,
  batchBytes: 6 * 1024 * 1024,
} as const

const PARTITIONS: readonly string[] = ['aws', 'aws-cn', 'aws-us-gov', 'aws-us-iso', 'aws-us-iso-b']

const SEVERITY_LABEL = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'INFORMATIONAL' } as const satisfies Record<Severity, string>
const COMPLIANCE_STATUS = { pass: 'PASSED', fail: 'FAILED', error: 'WARNING', not_applicable: 'NOT_AVAILABLE' } as const satisfies Record<Status, string>

const ELLIPSIS = '…'

/**
 * At most `max` UTF-16 code units (never more code points), cut on a code-point boundary with an
 * ellipsis. Security Hub counts characters; a cut surrogate pair would be invalid UTF-8 on the wire.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text
  let end = max - ELLIPSIS.length
  const code = text.charCodeAt(end - 1)
  if (code >= 0xd800 && code <= 0xdbff) end-- // do not keep half of a surrogate pair
  return text.slice(0, end) + ELLIPSIS
}

/** A one-line field: line breaks and runs of blanks become one space; empty text falls back. */
function oneLine(text: string, max: number, fallback: string): string {
  const flat = text.replace(/\s*[\r\n\u2028\u2029]\s*/g, ' ').trim()
  return truncate(flat === '' ? fallback : flat, max)
}

/** A valid ISO timestamp for Security Hub, or undefined. */
function isoTime(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString()
}

function typesOf(frameworks: Record<string, string[]>, lookup: ReportLookup): string[] {
  // A set: two versions of one benchmark (CIS 1.4 and 3.0) share a name, and so a type.
  const names = new Set(
    Object.keys(frameworks)
      .sort(byCodePoint)
      .map((id) => (lookup.framework(id)?.name.trim() || id).replaceAll('/', '-')),
  )
  const types = [...names].map((name) => `Software and Configuration Checks/Industry and Regulatory Standards/${name}`)
  return (types.length > 0 ? types : ['Software and Configuration Checks/AWS Security Best Practices/guardrail']).slice(0, ASFF_LIMITS.types)
}

function relatedRequirements(frameworks: Record<string, string[]>, lookup: ReportLookup): string[] {
  return Object.keys(frameworks)
    .sort(byCodePoint)
    .flatMap((id) => {
      const fw = lookup.framework(id)
      const standard = fw ? `${fw.name} ${fw.version}` : id
      return frameworks[id]!.map((control) => `${standard}/${control}`)
    })
    .slice(0, ASFF_LIMITS.relatedRequirements)
}

/** Solution-specific fields: string values, each within the API limit, empty ones left out. */
function productFields(entries: [string, string | undefined][]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of entries) if (value !== undefined && value !== '') out[truncate(`guardrail/${key}`, ASFF_LIMITS.productFieldKey)] = truncate(value, ASFF_LIMITS.productFieldValue)
  return out
}

interface Subject {
  id: string
  checkId: string
  severity: Severity
  accountId: string
  region: string
  resource: string
  message: string
  frameworks: Record<string, string[]>
}

interface Context {
  report: FindingsReport
  lookup: ReportLookup
  home: string
  partition: string
  updatedAt: string
}

/**
 * The fields every ASFF finding has, for a current finding or one the baseline says is gone.
 * `failing`: whether the finding is a current failure, the only kind labelled with its severity.
 */
function baseFinding(s: Subject, ctx: Context, status: AwsSecurityFinding['Compliance'], failing: boolean): AwsSecurityFinding {
  const region = s.region === GLOBAL_REGION ? ctx.home : s.region
  const check = ctx.lookup.check(s.checkId)
  const title = checkTitle(ctx.lookup, s.checkId)
  const accountName = ctx.lookup.account(s.accountId)?.name
  const label = failing ? SEVERITY_LABEL[s.severity] : 'INFORMATIONAL'
  const severity = { Label: label, Original: truncate(s.severity, ASFF_LIMITS.severityOriginal) }
  const types = typesOf(s.frameworks, ctx.lookup)
  const requirements = relatedRequirements(s.frameworks, ctx.lookup)
  const resource: NonNullable<AwsSecurityFinding['Resources']>[number] = {
    Type: truncate(asffResourceType(s.resource), ASFF_LIMITS.resourceType),
    // Security Hub requires an Id; a finding about the account as a whole uses its ARN anyway.
    Id: s.resource.trim() === '' ? `arn:${ctx.partition}:iam::${s.accountId}:root` : s.resource,
    ...(PARTITIONS.includes(ctx.partition) ? { Partition: ctx.partition as Partition } : {}),
    Region: region,
  }
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: truncate(`guardrail/${s.checkId}/${s.id}`, ASFF_LIMITS.id),
    ProductArn: `arn:${ctx.partition}:securityhub:${region}:${s.accountId}:product/${s.accountId}/default`,
    ProductName: truncate(ctx.report.tool.name, ASFF_LIMITS.productName),
    CompanyName: truncate(ctx.report.tool.name, ASFF_LIMITS.productName),
    Region: region,
    GeneratorId: truncate(`guardrail/${s.checkId}`, ASFF_LIMITS.generatorId),
    AwsAccountId: s.accountId,
    ...(accountName !== undefined && accountName.trim() !== '' ? { AwsAccountName: oneLine(accountName, ASFF_LIMITS.accountName, s.accountId) } : {}),
    Types: types,
    CreatedAt: ctx.updatedAt,
    UpdatedAt: ctx.updatedAt,
    Severity: severity,
    Title: oneLine(title, ASFF_LIMITS.title, s.checkId),
    Description: oneLine(s.message, ASFF_LIMITS.description, title),
    ...(check?.remediation !== undefined && check.remediation.trim() !== '' ? { Remediation: { Recommendation: { Text: truncate(check.remediation, ASFF_LIMITS.recommendationText) } } } : {}),
    Resources: [resource],
    Compliance: { ...status, ...(requirements.length > 0 ? { RelatedRequirements: requirements } : {}) },
    FindingProviderFields: { Severity: severity, Types: types },
  }
}

function currentFinding(f: FindingsReport['findings'][number], ctx: Context): AwsSecurityFinding {
  const compliance: AwsSecurityFinding['Compliance'] = {
    Status: COMPLIANCE_STATUS[f.status],
    ...(f.status === 'error' ? { StatusReasons: [{ ReasonCode: f.errorCode ?? 'Unknown', Description: oneLine(f.message, ASFF_LIMITS.description, f.checkId) }] } : {}),
  }
  const base = baseFinding(f, ctx, compliance, f.status === 'fail')
  const firstSeen = isoTime(f.firstSeen)
  if (firstSeen !== undefined && firstSeen <= ctx.updatedAt) {
    base.FirstObservedAt = firstSeen
    base.CreatedAt = firstSeen
  }
  base.LastObservedAt = ctx.updatedAt
  base.ProductFields = productFields([
    ['FindingId', f.id],
    ['CheckId', f.checkId],
    ['Status', f.status],
    ['ErrorCode', f.errorCode],
    ['Baseline', f.baseline],
    ['Evidence', f.evidence !== undefined ? JSON.stringify(f.evidence) : undefined],
  ])
  base.Workflow = { Status: f.muted ? 'SUPPRESSED' : 'NEW' }
  base.RecordState = 'ACTIVE'
  if (f.muted) {
    base.Note = {
      Text: truncate(`Muted by ${f.muted.suppression ?? 'a suppression'} until ${f.muted.expires}: ${f.muted.reason}`, ASFF_LIMITS.noteText),
      UpdatedBy: truncate(f.muted.owner.trim() === '' ? 'guardrail' : f.muted.owner, ASFF_LIMITS.noteUpdatedBy),
      UpdatedAt: ctx.updatedAt,
    }
  }
  return base
}

function goneFinding(g: NonNullable<FindingsReport['baseline']>['gone'][number], ctx: Context, baselineAsOf: string): AwsSecurityFinding {
  const frameworks = ctx.lookup.check(g.checkId)?.frameworks ?? {}
  const base = baseFinding({ ...g, frameworks }, ctx, {
    Status: 'NOT_AVAILABLE',
    StatusReasons: [{ ReasonCode: 'NOT_FOUND', Description: `Not found in this scan; ${g.status} in the baseline of ${baselineAsOf}` }],
  }, false)
  base.ProductFields = productFields([
    ['FindingId', g.id],
    ['CheckId', g.checkId],
    ['Baseline', 'gone'],
  ])
  base.RecordState = 'ARCHIVED'
  return base
}

/** The report's findings as ASFF objects (current findings, then the baseline's gone ones). */
export function asffFindings(report: FindingsReport, options: AsffOptions = {}): AwsSecurityFinding[] {
  const ctx: Context = {
    report,
    lookup: reportLookup(report),
    home: homeRegion(report, options.region),
    partition: report.run.partition,
    updatedAt: isoTime(report.run.asOf) ?? report.run.asOf,
  }
  const out: AwsSecurityFinding[] = new Array(report.findings.length)
  let i = 0
  for (const f of report.findings) out[i++] = currentFinding(f, ctx)
  for (const g of report.baseline?.gone ?? []) out.push(goneFinding(g, ctx, report.baseline!.asOf))
  return out
}

/**
 * The file in pieces — `{"Findings":[`, one finding per line, `]}` — for writing as a stream;
 * control characters as JSON escapes.
 */
export function* asffParts(report: FindingsReport, options: AsffOptions = {}): Generator<string> {
  const findings = asffFindings(report, options)
  if (findings.length === 0) {
    yield '{"Findings":[]}\n'
    return
  }
  yield '{"Findings":[\n'
  for (let i = 0; i < findings.length; i++) yield neutralizeControl(JSON.stringify(findings[i])) + (i < findings.length - 1 ? ',\n' : '\n')
  yield ']}\n'
}

export function renderAsff(report: FindingsReport, options: AsffOptions = {}): string {
  return [...asffParts(report, options)].join('')
}

export interface AsffImportBatch {
  /** The account whose credentials must make the call (AwsAccountId of every finding in it). */
  accountId: string
  /** The Security Hub region to call (the ProductArn's region). */
  region: string
  request: BatchImportFindingsRequest & { Findings: AwsSecurityFinding[] }
}

/**
 * The findings as BatchImportFindings requests: grouped by account and region (the default product
 * ARN only accepts findings of the calling account, in the region called), at most
 * `limits.findings` (100) findings and `limits.bytes` (6 MB) of JSON per request. Order is kept
 * within a group; groups come in code-point order of account, then region.
 */
export function asffImportBatches(findings: readonly AwsSecurityFinding[], limits: { findings?: number; bytes?: number } = {}): AsffImportBatch[] {
  const maxFindings = limits.findings ?? ASFF_LIMITS.findingsPerBatch
  const maxBytes = limits.bytes ?? ASFF_LIMITS.batchBytes
  const groups = new Map<string, AwsSecurityFinding[]>()
  for (const f of findings) {
    const key = `${f.AwsAccountId}\u0000${f.Region}`
    const group = groups.get(key)
    if (group) group.push(f)
    else groups.set(key, [f])
  }
  const envelope = Buffer.byteLength('{"Findings":[]}')
  const batches: AsffImportBatch[] = []
  for (const key of [...groups.keys()].sort(byCodePoint)) {
    const [accountId, region] = key.split('\u0000') as [string, string]
    let current: AwsSecurityFinding[] = []
    let bytes = envelope
    for (const f of groups.get(key)!) {
      const size = Buffer.byteLength(JSON.stringify(f)) + 1 // + the comma
      if (current.length > 0 && (current.length >= maxFindings || bytes + size > maxBytes)) {
        batches.push({ accountId, region, request: { Findings: current } })
        current = []
        bytes = envelope
      }
      current.push(f)
      bytes += size
    }
    if (current.length > 0) batches.push({ accountId, region, request: { Findings: current } })
  }
  return batches
}
