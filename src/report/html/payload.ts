// The shape of the data embedded in the HTML report: the contract between the Node encoder
// (encode.ts) and the browser decoder (app/data/decode.ts). Pure types and constants, no Node and no
// DOM, so both sides (and the root and app tsconfigs) can import it.
//
// Why columnar: a findings.json of 100,000 findings is ~47 MB, most of it the same keys and the same
// few hundred values (check ids, account ids, regions, framework refs) repeated on every finding. The
// page needs typed columns anyway (the filter engine scans small integers, not objects), so the encoder
// writes each field once as a column: low-cardinality fields as indexes into one shared string table,
// high-cardinality ones (id, resource, message, evidence) as plain string arrays. The JSON text of that
// is then gzipped and base64-encoded by render.ts.
import type { FindingsReport } from '../schema.js'

export const PAYLOAD_VERSION = 1

/** The id of the page's data block: render.ts writes it, app/data/load.ts reads it. */
export const DATA_ELEMENT_ID = 'guardrail-data'

/** Index into `strings`, or ABSENT for an optional field that is not set. */
export const ABSENT = -1

type Coverage = FindingsReport['coverage']

/** The report without its findings and coverage errors, which travel as columns. */
export type ReportMeta = Omit<FindingsReport, 'findings' | 'coverage'> & { coverage: Omit<Coverage, 'errors'> }

export interface FindingColumns {
  /** Unique per finding: plain strings. */
  id: string[]
  resource: string[]
  message: string[]
  /** JSON text of the evidence object (parsed only when a finding's detail is opened), or null. */
  evidence: (string | null)[]
  /** Indexes into `strings`. */
  checkId: number[]
  accountId: number[]
  region: number[]
  /** JSON text of the frameworks record, interned: every finding of a check usually shares one. */
  frameworks: number[]
  /** Index into STATUSES / SEVERITIES (src/core/types.ts). */
  status: number[]
  severity: number[]
  /** Optional fields: index into `strings`, or ABSENT. `muted` is the JSON text of the mute, interned. */
  errorCode: number[]
  muted: number[]
  /** Index into BASELINE_STATES, or ABSENT. */
  baseline: number[]
  firstSeen: number[]
}

export interface CoverageErrorColumns {
  checkId: number[]
  accountId: number[]
  region: number[]
  errorCode: number[]
  message: string[]
}

/**
 * A page written beside the report in the same run (the control reports, the access map), linked from
 * the masthead. Only relative paths to .html files, checked on both sides.
 */
export interface CompanionLink {
  label: string
  href: string
}

export const COMPANION_HREF = /^(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*\/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*\.html$/

export interface EmbeddedPayload {
  v: typeof PAYLOAD_VERSION
  meta: ReportMeta
  /** Companion pages of this run; absent when there are none. */
  links?: CompanionLink[]
  /** The shared string table for every interned column. */
  strings: string[]
  findings: FindingColumns
  coverageErrors: CoverageErrorColumns
}
