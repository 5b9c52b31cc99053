// findings.csv, read back with a strict RFC 4180 reader: one row per finding with the auditor's
// columns, formulas defused, control characters made visible, BOM and CRLF as documented.
import { describe, expect, it } from 'vitest'
import { CSV_COLUMNS, CSV_FILE, csvField, neutralizeFormula, renderCsv } from '../../../src/report/formats/csv.js'
import { HOSTILE, syntheticReport } from '../../support/synthetic-report.js'
import { ACCOUNT_A, ACCOUNT_B, finding, miniReport, parseCsv } from './support.js'

const BOM = '\uFEFF'

/** The rows as objects keyed by header, BOM stripped. */
function rows(csv: string): Record<string, string>[] {
  expect(csv.startsWith(BOM)).toBe(true)
  const [header, ...records] = parseCsv(csv.slice(1))
  return records.map((r) => {
    expect(r).toHaveLength(header!.length)
    return Object.fromEntries(header!.map((h, i) => [h, r[i]!]))
  })
}

describe('renderCsv', () => {
  it('is named findings.csv', () => {
    expect(CSV_FILE).toBe('findings.csv')
  })

  it('writes a header and one row per finding with the account, OU, check and framework columns', () => {
    const report = miniReport([
      finding({ id: 'a1', accountId: ACCOUNT_A, status: 'fail' }),
      finding({ id: 'b1', checkId: 'ec2.no-ssh-from-internet', accountId: ACCOUNT_B, region: 'eu-west-1', severity: 'high', status: 'error', errorCode: 'AccessDenied', resource: 'arn:aws:ec2:eu-west-1:222222222222:security-group/sg-1', message: 'could not read', frameworks: { 'cis-aws-3.0': ['5.2'], 'aws-fsbp': ['EC2.13', 'EC2.14'] } }),
    ])
    const [a, b] = rows(renderCsv(report))
    expect(Object.keys(a!)).toEqual(CSV_COLUMNS.map((c) => c.header))
    expect(a).toMatchObject({
      'Finding ID': 'a1',
      'Account ID': ACCOUNT_A,
      'Account name': 'payments-prod',
      'OU path': 'Production / Payments',
      Region: 'global',
      'Check ID': 'iam.root-mfa',
      'Check title': 'The root user has MFA',
      Severity: 'critical',
      Status: 'fail',
      Resource: `arn:aws:iam::${ACCOUNT_A}:root`,
      Message: 'The root user has no MFA',
      Frameworks: 'cis-aws-3.0 1.5',
      'Error code': '',
      'Muted by': '',
    })
    // No name or OU known for account B: empty cells, not "undefined".
    expect(b).toMatchObject({ 'Account name': '', 'OU path': '', 'Error code': 'AccessDenied', Status: 'error', Frameworks: 'aws-fsbp EC2.13, EC2.14; cis-aws-3.0 5.2' })
  })

  it('fills the muted, baseline and first-seen columns when the report has them', () => {
    const report = miniReport([
      finding({ muted: { reason: 'accepted until migration', owner: 'sec@example.com', expires: '2027-01-31', suppression: 'legacy-root' }, baseline: 'unchanged', firstSeen: '2026-01-02T00:00:00.000Z' }),
      finding({ muted: { reason: 'r', owner: 'o', expires: '2027-01-01' } }),
    ])
    const [a, b] = rows(renderCsv(report))
    expect(a).toMatchObject({ 'Muted by': 'legacy-root', 'Muted owner': 'sec@example.com', 'Muted reason': 'accepted until migration', 'Muted expires': '2027-01-31', Baseline: 'unchanged', 'First seen': '2026-01-02T00:00:00.000Z' })
    expect(b!['Muted by']).toBe('suppression')
  })

  it('falls back to the check id when the report does not describe the check', () => {
    const [row] = rows(renderCsv(miniReport([finding({ checkId: 'retired.check' })])))
    expect(row!['Check title']).toBe('retired.check')
  })

  it('quotes every field, doubles quotes, keeps commas and line breaks inside one field, and ends records in CRLF', () => {
    const message = 'line one, with "quotes"\nline two'
    const csv = renderCsv(miniReport([finding({ message })]))
    expect(csv.endsWith('\r\n')).toBe(true)
    expect(csv.split('\r\n')).toHaveLength(3) // header, one record, '' after the final CRLF
    expect(rows(csv)[0]!.Message).toBe(message)
    expect(csv).toContain('"line one, with ""quotes""\nline two"')
  })

  it('starts with a UTF-8 BOM unless { bom: false }', () => {
    const report = miniReport([finding()])
    expect(renderCsv(report).charCodeAt(0)).toBe(0xfeff)
    const plain = renderCsv(report, { bom: false })
    expect(plain.startsWith('"Finding ID"')).toBe(true)
    expect(plain).toBe(renderCsv(report).slice(1))
  })

  it('writes only the header for a report without findings', () => {
    expect(parseCsv(renderCsv(miniReport([])).slice(1))).toEqual([CSV_COLUMNS.map((c) => c.header)])
  })
})

describe('formula injection', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+cmd|x', "'+cmd|x"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['  =1+1', "'  =1+1"],
    ['\uFF1D1+1', "'\uFF1D1+1"],
    ['safe = text', 'safe = text'],
    ['a-b', 'a-b'],
    ['', ''],
    ['\u00a0@x', "'\u00a0@x"],
    ['\n-1', "'\n-1"],
  ])('neutralizeFormula(%j) = %j, and csvField writes it quoted', (input, expected) => {
    expect(neutralizeFormula(input)).toBe(expected)
    // csvField skips the work for ordinary cells: its fast path must not skip a formula.
    if (!/[\r]/.test(input)) expect(parseCsv(`${csvField(input)}\r\n`)).toEqual([[expected]])
  })

  it('defuses every hostile cell of a synthetic report: no field starts a formula once parsed', () => {
    const report = syntheticReport({ findings: 2000, hostile: true, mutedShare: 0.3 })
    const parsed = rows(renderCsv(report))
    expect(parsed).toHaveLength(2000)
    const cells = parsed.flatMap((r) => Object.values(r))
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([])
    // The payloads are still there for the auditor to read, behind the apostrophe.
    expect(cells).toContain(`'${HOSTILE.formula}`)
    expect(cells.some((c) => c.includes(`'${HOSTILE.plusFormula}`) || c.endsWith(HOSTILE.plusFormula))).toBe(true)
    // Markup is data in a CSV: kept verbatim.
    expect(cells.some((c) => c.includes(HOSTILE.script))).toBe(true)
  })

  it('makes control characters visible instead of writing ESC and BEL', () => {
    const csv = renderCsv(miniReport([finding({ message: HOSTILE.control })]))
    expect(csv).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/)
    expect(rows(csv)[0]!.Message).toBe('esc\\u001b[31mred\\u0007bell')
  })

  it('csvField applies control neutralisation before the formula check (a CR-led cell is neither raw nor a formula)', () => {
    expect(csvField('\r=1')).toBe('"\\u000d=1"')
    expect(csvField('=a"b')).toBe('"\'=a""b"')
  })
})

describe('determinism and size', () => {
  it('renders the same bytes for the same report', () => {
    const report = syntheticReport({ findings: 300, hostile: true })
    expect(renderCsv(report)).toBe(renderCsv(structuredClone(report)))
  })

  it('renders 100,000 findings in linear time', () => {
    const report = syntheticReport({ findings: 100_000 })
    const started = performance.now()
    const csv = renderCsv(report)
    const ms = performance.now() - started
    // No raw CR survives inside a field (control characters are escaped), so every CRLF ends a record.
    expect(csv.split('\r\n')).toHaveLength(100_002)
    expect(ms).toBeLessThan(10_000)
  })
})
