// Parses IAM's credential report (GetCredentialReport, text/csv) into the Snapshot's typed form.
//
// Columns are looked up by header name, not position, so a column AWS adds later does not shift the
// others. The report's placeholder values all mean "there is no value here" and become null:
//   N/A            — not applicable (no password, no key in that slot, key never used)
//   no_information — never used, or last used before IAM started tracking
//   not_supported  — the field does not apply to this row (the root account's password fields)
// Anything else that does not parse — a missing column, a row of the wrong width, a boolean that is
// neither true nor false, a timestamp that is not one — makes the whole report malformed: a check
// must never read a half-understood report as "no users" or "no MFA".
import { GuardrailError, EXIT } from '../core/errors.js'
import type { CredentialReport, CredentialReportUser } from '../snapshot/schema.js'
import { CsvSyntaxError, parseCsv } from './csv.js'

export class CredentialReportFormatError extends GuardrailError {
  constructor(problem: string) {
    super('MalformedCredentialReport', `The IAM credential report could not be parsed: ${problem}.`, {
      hint: 'Regenerate it (it is rebuilt at most every 4 hours); if this persists, report the header line (no user rows) as a bug.',
      exitCode: EXIT.incomplete,
    })
    this.name = 'CredentialReportFormatError'
  }
}

export const ROOT_ACCOUNT_USER = '<root_account>'

const NO_VALUE = new Set(['N/A', 'no_information', 'not_supported'])

const REQUIRED_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const
type Column = (typeof REQUIRED_COLUMNS)[number]

// The report's own timestamps look like 2014-10-01T10:40:15+00:00; accept any ISO 8601 date-time
// with a zone, nothing looser (Date.parse alone would accept "1" as a year).
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/

class RowReader {
  constructor(
    private readonly fields: string[],
    private readonly index: ReadonlyMap<string, number>,
    private readonly rowNumber: number,
  ) {}

  raw(column: Column): string {
    return this.fields[this.index.get(column)!]!
  }

  private problem(column: Column, expected: string): CredentialReportFormatError {
    // Row number and column only: the value may be a user name, which does not belong in logs.
    return new CredentialReportFormatError(`row ${this.rowNumber}, column ${column}: expected ${expected}`)
  }

  text(column: Column): string | null {
    const v = this.raw(column)
    return NO_VALUE.has(v) || v === '' ? null : v
  }

  bool(column: Column): boolean {
    const v = this.raw(column).toLowerCase()
    if (v === 'true') return true
    if (v === 'false') return false
    throw this.problem(column, 'true or false')
  }

  /** A boolean that may be not_supported (the root row's password_enabled). */
  boolOrNull(column: Column): boolean | null {
    return NO_VALUE.has(this.raw(column)) ? null : this.bool(column)
  }

  time(column: Column): string | null {
    const v = this.raw(column)
    if (NO_VALUE.has(v)) return null
    if (!ISO_DATE_TIME.test(v)) throw this.problem(column, 'an ISO 8601 timestamp, N/A, no_information or not_supported')
    const ms = Date.parse(v)
    if (Number.isNaN(ms)) throw this.problem(column, 'a valid date')
    return new Date(ms).toISOString()
  }
}

function parseRow(r: RowReader): CredentialReportUser {
  const user = r.raw('user')
  const arn = r.raw('arn')
  if (user === '') throw new CredentialReportFormatError('a row has an empty user column')
  if (!arn.startsWith('arn:')) throw new CredentialReportFormatError(`the row of a user has an arn column that is not an ARN`)
  return {
    user,
    arn,
    isRoot: user === ROOT_ACCOUNT_USER,
    userCreationTime: r.time('user_creation_time'),
    passwordEnabled: r.boolOrNull('password_enabled'),
    passwordLastUsed: r.time('password_last_used'),
    passwordLastChanged: r.time('password_last_changed'),
    mfaActive: r.bool('mfa_active'),
    accessKeys: ([1, 2] as const).map((slot) => ({
      slot,
      active: r.bool(`access_key_${slot}_active`),
      lastRotated: r.time(`access_key_${slot}_last_rotated`),
      lastUsedDate: r.time(`access_key_${slot}_last_used_date`),
      lastUsedRegion: r.text(`access_key_${slot}_last_used_region`),
      lastUsedService: r.text(`access_key_${slot}_last_used_service`),
    })),
    certificates: ([1, 2] as const).map((slot) => ({
      slot,
      active: r.bool(`cert_${slot}_active`),
      lastRotated: r.time(`cert_${slot}_last_rotated`),
    })),
  }
}

/**
 * IAM user names may contain commas, and a report writer that does not quote them (moto does not;
 * AWS does not document quoting) splits `ops,admin` into two fields — in both the user and the arn
 * column. Every other column holds a fixed vocabulary (timestamps, booleans, N/A, region and service
 * names) without commas, so the split is undone exactly: with k extra commas in the name, the first
 * k+1 fields are the user, the next k+1 the ARN, and the ARN must end with that user name.
 */
function rejoinUnquotedNameCommas(fields: string[], header: string[], index: ReadonlyMap<string, number>): string[] | undefined {
  const extra = fields.length - header.length
  if (extra <= 0 || extra % 2 !== 0 || index.get('user') !== 0 || index.get('arn') !== 1) return undefined
  const k = extra / 2
  const user = fields.slice(0, k + 1).join(',')
  const arn = fields.slice(k + 1, 2 * k + 2).join(',')
  if (!arn.startsWith('arn:') || !arn.endsWith(`/${user}`)) return undefined
  return [user, arn, ...fields.slice(2 * k + 2)]
}

/**
 * @param csv the report as GetCredentialReport returns it (decoded to text)
 * @param generatedAt when AWS generated it (GetCredentialReport's GeneratedTime), ISO 8601
 */
export function parseCredentialReport(csv: string, generatedAt: string): CredentialReport {
  let rows: string[][]
  try {
    rows = parseCsv(csv.startsWith('\uFEFF') ? csv.slice(1) : csv)
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new CredentialReportFormatError(err.message)
    throw err
  }
  const [header, ...body] = rows
  if (!header || (header.length === 1 && header[0] === '')) throw new CredentialReportFormatError('the report is empty (no header row)')
  const index = new Map(header.map((name, i) => [name.trim(), i]))
  const missing = REQUIRED_COLUMNS.filter((c) => !index.has(c))
  if (missing.length > 0) throw new CredentialReportFormatError(`the header lacks the column(s) ${missing.join(', ')}`)

  const users: CredentialReportUser[] = []
  body.forEach((fields, i) => {
    const rowNumber = i + 2 // 1-based, counting the header
    if (fields.length === 1 && fields[0] === '') return // blank line
    const row = fields.length === header.length ? fields : rejoinUnquotedNameCommas(fields, header, index)
    if (!row) throw new CredentialReportFormatError(`row ${rowNumber} has ${fields.length} fields but the header has ${header.length}`)
    users.push(parseRow(new RowReader(row, index, rowNumber)))
  })
  return { generatedAt, users }
}
