// findings.json → the columnar payload the HTML report embeds (see payload.ts for why columnar).
// Pure and deterministic: the string table is filled in first-seen order while walking the report in
// its own (already deterministic) order, so the same report always gives the same payload.
import { SEVERITIES, STATUSES } from '../../core/types.js'
import { BASELINE_STATES, type FindingsReport } from '../schema.js'
import { ABSENT, COMPANION_HREF, PAYLOAD_VERSION, type CompanionLink, type CoverageErrorColumns, type EmbeddedPayload, type FindingColumns, type ReportMeta } from './payload.js'

class StringTable {
  readonly strings: string[] = []
  private readonly index = new Map<string, number>()

  intern(value: string): number {
    let i = this.index.get(value)
    if (i === undefined) {
      i = this.strings.length
      this.strings.push(value)
      this.index.set(value, i)
    }
    return i
  }

  optional(value: string | undefined): number {
    return value === undefined ? ABSENT : this.intern(value)
  }
}

function indexIn<T extends string>(values: readonly T[], value: T, field: string): number {
  const i = values.indexOf(value)
  // The report was validated against the schema before it got here; an unknown enum value is a bug.
  if (i < 0) throw new Error(`encodeReport: unknown ${field} '${value}'`)
  return i
}

function findingColumns(findings: FindingsReport['findings'], table: StringTable): FindingColumns {
  const n = findings.length
  const cols: FindingColumns = {
    id: new Array<string>(n),
    resource: new Array<string>(n),
    message: new Array<string>(n),
    evidence: new Array<string | null>(n),
    checkId: new Array<number>(n),
    accountId: new Array<number>(n),
    region: new Array<number>(n),
    frameworks: new Array<number>(n),
    status: new Array<number>(n),
    severity: new Array<number>(n),
    errorCode: new Array<number>(n),
    muted: new Array<number>(n),
    baseline: new Array<number>(n),
    firstSeen: new Array<number>(n),
  }
  findings.forEach((f, i) => {
    cols.id[i] = f.id
    cols.resource[i] = f.resource
    cols.message[i] = f.message
    cols.evidence[i] = f.evidence === undefined ? null : JSON.stringify(f.evidence)
    cols.checkId[i] = table.intern(f.checkId)
    cols.accountId[i] = table.intern(f.accountId)
    cols.region[i] = table.intern(f.region)
    cols.frameworks[i] = table.intern(JSON.stringify(f.frameworks))
    cols.status[i] = indexIn(STATUSES, f.status, 'status')
    cols.severity[i] = indexIn(SEVERITIES, f.severity, 'severity')
    cols.errorCode[i] = table.optional(f.errorCode)
    cols.muted[i] = f.muted === undefined ? ABSENT : table.intern(JSON.stringify(f.muted))
    cols.baseline[i] = f.baseline === undefined ? ABSENT : indexIn(BASELINE_STATES, f.baseline, 'baseline')
    cols.firstSeen[i] = table.optional(f.firstSeen)
  })
  return cols
}

function coverageErrorColumns(errors: FindingsReport['coverage']['errors'], table: StringTable): CoverageErrorColumns {
  return {
    checkId: errors.map((e) => table.intern(e.checkId)),
    accountId: errors.map((e) => table.intern(e.accountId)),
    region: errors.map((e) => table.intern(e.region)),
    errorCode: errors.map((e) => table.intern(e.errorCode)),
    message: errors.map((e) => e.message),
  }
}

export function encodeReport(report: FindingsReport, links: readonly CompanionLink[] = []): EmbeddedPayload {
  const { findings, coverage, ...rest } = report
  const { errors, ...coverageRest } = coverage
  const table = new StringTable()
  const meta: ReportMeta = { ...rest, coverage: coverageRest }
  const findingCols = findingColumns(findings, table)
  const coverageErrors = coverageErrorColumns(errors, table)
  for (const link of links) if (!COMPANION_HREF.test(link.href)) throw new Error(`companion link ${JSON.stringify(link.href)} is not a relative .html path`)
  return { v: PAYLOAD_VERSION, meta, strings: table.strings, findings: findingCols, coverageErrors, ...(links.length > 0 ? { links: [...links] } : {}) }
}
