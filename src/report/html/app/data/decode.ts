// The embedded payload (payload.ts) → a FindingTable: typed columns the filter engine scans, and
// `findingAt` to rebuild one finding exactly as findings.json has it (for the rows on screen and the
// detail panel: 100,000 finding objects are never built up front). Pure: no DOM, so the round trip
// is unit-tested in Node.
import { ABSENT, COMPANION_HREF, PAYLOAD_VERSION, type CompanionLink, type EmbeddedPayload, type ReportMeta } from '../../payload.js'
import type { FindingsReport } from '../../../schema.js'
import { BASELINES, SEVERITY_ORDER, STATUS_ORDER, type Finding } from './vocabulary.js'

export interface FindingTable {
  readonly count: number
  readonly strings: readonly string[]
  readonly id: readonly string[]
  readonly resource: readonly string[]
  readonly message: readonly string[]
  readonly evidence: readonly (string | null)[]
  readonly checkId: Int32Array
  readonly accountId: Int32Array
  readonly region: Int32Array
  readonly frameworks: Int32Array
  readonly status: Uint8Array
  readonly severity: Uint8Array
  readonly errorCode: Int32Array
  readonly muted: Int32Array
  readonly baseline: Int8Array
  readonly firstSeen: Int32Array
}

export interface DecodedReport {
  readonly meta: ReportMeta
  /** Companion pages written beside the report (already checked to be relative .html paths). */
  readonly links: readonly CompanionLink[]
  readonly table: FindingTable
  readonly coverageErrors: FindingsReport['coverage']['errors']
}

export class PayloadError extends Error {}

function sameLength(payload: EmbeddedPayload): number {
  const cols = payload.findings
  const n = cols.id.length
  for (const [name, col] of Object.entries(cols)) {
    if ((col as unknown[]).length !== n) throw new PayloadError(`column ${name} has ${(col as unknown[]).length} values, expected ${n}`)
  }
  return n
}

export function decodePayload(payload: EmbeddedPayload): DecodedReport {
  if (payload.v !== PAYLOAD_VERSION) throw new PayloadError(`unsupported payload version ${String(payload.v)}`)
  const c = payload.findings
  const table: FindingTable = {
    count: sameLength(payload),
    strings: payload.strings,
    id: c.id,
    resource: c.resource,
    message: c.message,
    evidence: c.evidence,
    checkId: Int32Array.from(c.checkId),
    accountId: Int32Array.from(c.accountId),
    region: Int32Array.from(c.region),
    frameworks: Int32Array.from(c.frameworks),
    status: Uint8Array.from(c.status),
    severity: Uint8Array.from(c.severity),
    errorCode: Int32Array.from(c.errorCode),
    muted: Int32Array.from(c.muted),
    baseline: Int8Array.from(c.baseline),
    firstSeen: Int32Array.from(c.firstSeen),
  }
  const e = payload.coverageErrors
  const s = payload.strings
  const coverageErrors = e.message.map((message, i) => ({
    checkId: s[e.checkId[i]!]!,
    accountId: s[e.accountId[i]!]!,
    region: s[e.region[i]!]!,
    errorCode: s[e.errorCode[i]!]!,
    message,
  }))
  const links = (payload.links ?? []).filter((l) => COMPANION_HREF.test(l.href))
  return { meta: payload.meta, links, table, coverageErrors }
}

const str = (t: FindingTable, i: number): string => t.strings[i]!

/** One finding, with the keys in findings.json's order. */
export function findingAt(t: FindingTable, i: number): Finding {
  const f: Finding = {
    id: t.id[i]!,
    checkId: str(t, t.checkId[i]!),
    status: STATUS_ORDER[t.status[i]!]!,
    severity: SEVERITY_ORDER[t.severity[i]!]!,
    accountId: str(t, t.accountId[i]!),
    region: str(t, t.region[i]!),
    resource: t.resource[i]!,
    message: t.message[i]!,
    frameworks: JSON.parse(str(t, t.frameworks[i]!)) as Finding['frameworks'],
  }
  const evidence = t.evidence[i]
  if (evidence !== null && evidence !== undefined) f.evidence = JSON.parse(evidence) as Record<string, unknown>
  if (t.errorCode[i] !== ABSENT) f.errorCode = str(t, t.errorCode[i]!)
  if (t.muted[i] !== ABSENT) f.muted = JSON.parse(str(t, t.muted[i]!)) as NonNullable<Finding['muted']>
  if (t.baseline[i] !== ABSENT) f.baseline = BASELINES[t.baseline[i]!]!
  if (t.firstSeen[i] !== ABSENT) f.firstSeen = str(t, t.firstSeen[i]!)
  return f
}

/** The whole report again, keys in schema order (the round-trip tests compare it with the input). */
export function toReport(d: DecodedReport): FindingsReport {
  const { coverage, ...rest } = d.meta
  const findings = Array.from({ length: d.table.count }, (_, i) => findingAt(d.table, i))
  const { complete, checksRun, checksDisabled, checksSkipped, regionsSkipped } = coverage
  const full = { ...rest, coverage: { complete, checksRun, checksDisabled, checksSkipped, errors: d.coverageErrors, regionsSkipped }, findings }
  return full as FindingsReport
}
