// findings.csv: one row per finding, the columns an auditor filters on in a spreadsheet.
//
// Format decisions:
// - RFC 4180: every field quoted (a quote inside doubled), records end in CRLF, including the last.
//   Quoting every field, not only those that need it, keeps a cell such as ` =1+1` or one with a
//   trailing space from being re-interpreted by a lenient reader.
// - UTF-8 with a byte-order mark. Excel opens a double-clicked BOM-less .csv in the machine's ANSI
//   code page, turning "Zahlungsverkehr" OU names and 日本 account names into mojibake; with the BOM
//   it reads UTF-8. LibreOffice, Google Sheets, pandas (encoding='utf-8-sig') and Python's csv module
//   with 'utf-8-sig' all accept it. Pass { bom: false } for tools that do not (e.g. plain `cut`).
// - Spreadsheet formula injection (CSV injection): a cell an attacker controls — a resource name, an
//   account name, a tag — that starts with = + - @, TAB or CR would be evaluated as a formula (or a
//   DDE command) when the file is opened. Such cells get a leading apostrophe, as OWASP recommends,
//   which spreadsheets show as text; the rest of the value is kept so the auditor still sees it.
// - Control characters (ESC, BEL, C1, bidi overrides) become visible \uXXXX escapes, as everywhere
//   guardrail prints AWS text: the file is also read with `cat` and `less`.
import { neutralizeControl } from '../../core/terminal-text.js'
import type { FindingsReport } from '../schema.js'
import { checkTitle, frameworkRefsLabel, ouPathLabel, reportLookup, type ReportAccount, type ReportFinding, type ReportLookup } from './lookup.js'

export const CSV_FILE = 'findings.csv'

export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark (default true: see above). */
  bom?: boolean
}

const BOM = '\uFEFF'
const CRLF = '\r\n'

interface Column {
  header: string
  value(finding: ReportFinding, account: ReportAccount | undefined, lookup: ReportLookup): string
}

/** In the order an auditor reads a row: where, what, verdict, on what, why, then the paperwork. */
export const CSV_COLUMNS: readonly Column[] = [
  { header: 'Finding ID', value: (f) => f.id },
  { header: 'Account ID', value: (f) => f.accountId },
  { header: 'Account name', value: (_, a) => a?.name ?? '' },
  { header: 'OU path', value: (_, a) => ouPathLabel(a) },
  { header: 'Region', value: (f) => f.region },
  { header: 'Check ID', value: (f) => f.checkId },
  { header: 'Check title', value: (f, _, lookup) => checkTitle(lookup, f.checkId) },
  { header: 'Severity', value: (f) => f.severity },
  { header: 'Status', value: (f) => f.status },
  { header: 'Resource', value: (f) => f.resource },
  { header: 'Message', value: (f) => f.message },
  { header: 'Frameworks', value: (f) => frameworkRefsLabel(f.frameworks) },
  { header: 'Error code', value: (f) => f.errorCode ?? '' },
  { header: 'Muted by', value: (f) => (f.muted ? (f.muted.suppression ?? 'suppression') : '') },
  { header: 'Muted owner', value: (f) => f.muted?.owner ?? '' },
  { header: 'Muted reason', value: (f) => f.muted?.reason ?? '' },
  { header: 'Muted expires', value: (f) => f.muted?.expires ?? '' },
  { header: 'Baseline', value: (f) => f.baseline ?? '' },
  { header: 'First seen', value: (f) => f.firstSeen ?? '' },
]

/**
 * Characters that make a spreadsheet treat a cell as a formula when they start it (OWASP CSV
 * injection), plus their full-width forms, which some spreadsheet imports fold to ASCII.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/
/** Leading blanks some readers trim before looking for a formula prefix. */
const LEADING_BLANKS = /^[ \u00a0\n]+/

/** The cell as text a spreadsheet will not evaluate: a leading apostrophe if it could start a formula. */
export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) || (LEADING_BLANKS.test(value) && FORMULA_START.test(value.replace(LEADING_BLANKS, ''))) ? `'${value}` : value
}

/**
 * Anything csvField has to act on: a quote, a control or bidi character, or a first character that
 * is a blank or a formula prefix. Most cells (ids, regions, ARNs) have none, and skip the work.
 */
const NEEDS_WORK = /["\u0000-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]|^[ \u00a0=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/

/** One RFC 4180 field: always quoted, inner quotes doubled; control characters and formulas defused. */
export function csvField(raw: string): string {
  if (!NEEDS_WORK.test(raw)) return `"${raw}"`
  return `"${neutralizeFormula(neutralizeControl(raw)).replaceAll('"', '""')}"`
}

/**
 * The file in pieces — the header, then one record per finding, each with its CRLF — for writing
 * as a stream (see chunks.ts): a 100k-finding report never has to be one string.
 */
/** A table (header first) as one CSV text, written the same way as findings.csv (BOM, quoted, CRLF). */
export function csvTable(rows: readonly (readonly string[])[], options: CsvOptions = {}): string {
  return (options.bom === false ? '' : BOM) + rows.map((r) => r.map(csvField).join(',') + CRLF).join('')
}

export function* csvRecords(report: FindingsReport, options: CsvOptions = {}): Generator<string> {
  const lookup = reportLookup(report)
  yield (options.bom === false ? '' : BOM) + CSV_COLUMNS.map((c) => csvField(c.header)).join(',') + CRLF
  for (const finding of report.findings) {
    const account = lookup.account(finding.accountId)
    yield CSV_COLUMNS.map((c) => csvField(c.value(finding, account, lookup))).join(',') + CRLF
  }
}

export function renderCsv(report: FindingsReport, options: CsvOptions = {}): string {
  // One string per record, joined once: linear in the output size.
  return [...csvRecords(report, options)].join('')
}
