// Test helpers for the export formats: a small hand-built report, and strict readers that parse
// the outputs back the way a spreadsheet, a CI server or a SIEM would — so a test fails on output
// those consumers would reject, not only on output that differs from an expected string.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { findingsReportSchema, type FindingsReport } from '../../../src/report/schema.js'

type Finding = FindingsReport['findings'][number]

export const AS_OF = '2026-06-01T00:00:00.000Z'
export const ACCOUNT_A = '111111111111'
export const ACCOUNT_B = '222222222222'

let n = 0
/** A finding with sensible defaults; ids are unique per call. */
export function finding(overrides: Partial<Finding> = {}): Finding {
  n++
  return {
    id: `f${String(n).padStart(23, '0')}`,
    checkId: 'iam.root-mfa',
    status: 'fail',
    severity: 'critical',
    accountId: ACCOUNT_A,
    region: 'global',
    resource: `arn:aws:iam::${overrides.accountId ?? ACCOUNT_A}:root`,
    message: 'The root user has no MFA',
    frameworks: { 'cis-aws-3.0': ['1.5'] },
    ...overrides,
  }
}

/** A small, schema-valid report around `findings` (two accounts, two checks, one framework). */
export function miniReport(findings: Finding[], overrides: Partial<FindingsReport> = {}): FindingsReport {
  const report: FindingsReport = {
    schemaVersion: 1,
    tool: { name: 'guardrail', version: '9.9.9' },
    run: {
      command: 'scan',
      snapshotSchemaVersion: 1,
      startedAt: '2026-05-31T23:00:00.000Z',
      finishedAt: '2026-05-31T23:30:00.000Z',
      asOf: AS_OF,
      partition: 'aws',
      caller: { arn: `arn:aws:sts::${ACCOUNT_A}:assumed-role/Audit/guardrail`, accountId: ACCOUNT_A },
      accounts: [
        { accountId: ACCOUNT_A, name: 'payments-prod', ouPath: [{ id: 'ou-1', name: 'Production' }, { id: 'ou-2', name: 'Payments' }], regions: ['eu-west-1', 'us-east-1'], accessible: true, tags: { env: 'prod' } },
        { accountId: ACCOUNT_B, regions: ['eu-west-1'], accessible: true },
      ],
      regions: ['eu-west-1', 'us-east-1'],
    },
    apiCalls: { total: 0, byService: {}, byAccount: {} },
    coverage: { complete: true, checksRun: 2, checksDisabled: [], checksSkipped: [], errors: [], regionsSkipped: [] },
    summary: {
      findings: findings.length,
      byStatus: { pass: 0, fail: 0, error: 0, not_applicable: 0 },
      failuresBySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      byCheck: {},
    },
    checks: [
      {
        id: 'iam.root-mfa',
        title: 'The root user has MFA',
        severity: 'critical',
        enabled: true,
        scope: 'account',
        frameworks: { 'cis-aws-3.0': ['1.5'] },
        description: 'Root has an MFA device.',
        rationale: 'Root can do anything.',
        remediation: 'Enable MFA on the root user.',
      },
      { id: 'ec2.no-ssh-from-internet', title: 'No SSH from the internet', severity: 'high', enabled: true, scope: 'region', frameworks: { 'cis-aws-3.0': ['5.2'], 'aws-fsbp': ['EC2.13'] } },
    ],
    frameworks: [
      { id: 'cis-aws-3.0', name: 'CIS AWS Foundations Benchmark', version: '3.0.0' },
      { id: 'aws-fsbp', name: 'AWS Foundational Security Best Practices', version: '1.0.0' },
    ],
    findings,
    ...overrides,
  }
  return findingsReportSchema.parse(report)
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180)

/**
 * Strict RFC 4180 reader: records end in CRLF, fields are separated by commas, a quoted field may
 * contain commas, CR, LF and doubled quotes; a quote anywhere else, a lone CR or LF outside quotes,
 * text after a closing quote, or a missing final CRLF is an error.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = []
  let record: string[] = []
  let i = 0
  const fail = (why: string): never => {
    throw new Error(`CSV: ${why} at offset ${i}`)
  }
  while (i < text.length) {
    let field = ''
    if (text[i] === '"') {
      i++
      for (;;) {
        if (i >= text.length) fail('unterminated quoted field')
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"'
            i += 2
          } else {
            i++
            break
          }
        } else field += text[i++]
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') fail('quote in an unquoted field')
        field += text[i++]
      }
    }
    record.push(field)
    if (text[i] === ',') {
      i++
      continue
    }
    if (text.startsWith('\r\n', i)) {
      i += 2
      records.push(record)
      record = []
      continue
    }
    fail(i >= text.length ? 'missing CRLF after the last record' : `unexpected ${JSON.stringify(text[i])} after a field`)
  }
  return records
}

// ---------------------------------------------------------------------------------------------
// XML 1.0 (well-formedness)

export interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
  /** Character data directly inside the element, entity references decoded. */
  text: string
}

const XML_CHAR = /^[\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u
const NAME = /^[A-Za-z_:][A-Za-z0-9_:.-]*/

function decodeEntities(raw: string, where: string): string {
  return raw.replace(/&([^;]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) throw new Error(`XML: bare & in ${where}`)
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
    if (body in named) return named[body]!
    const m = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(body)
    if (!m) throw new Error(`XML: unknown entity &${body}; in ${where}`)
    const cp = m[1]!.startsWith('x') ? parseInt(m[1]!.slice(1), 16) : parseInt(m[1]!, 10)
    const c = String.fromCodePoint(cp)
    if (!XML_CHAR.test(c)) throw new Error(`XML: character reference to a forbidden character in ${where}`)
    return c
  })
}

/**
 * A strict reader for the XML subset junit.xml uses: an XML declaration, elements, attributes in
 * double or single quotes, character data and character/entity references (no DTD, CDATA,
 * comments or processing instructions, which the renderer never writes). Throws on anything not
 * well-formed: forbidden characters, mismatched or unclosed tags, duplicate attributes, `<` in an
 * attribute value, a bare `&`, `]]>` in character data, content after the root element.
 */
export function parseXml(text: string): XmlElement {
  if (!XML_CHAR.test(text)) throw new Error('XML: a character XML 1.0 forbids')
  let i = 0
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(text)
  if (!decl) throw new Error('XML: missing or unexpected XML declaration')
  i = decl[0].length
  const skipSpace = () => {
    while (/[ \t\r\n]/.test(text[i] ?? '')) i++
  }
  const readName = (): string => {
    const m = NAME.exec(text.slice(i, i + 200))
    if (!m) throw new Error(`XML: expected a name at offset ${i}`)
    i += m[0].length
    return m[0]
  }
  const element = (): XmlElement => {
    if (text[i] !== '<') throw new Error(`XML: expected < at offset ${i}`)
    i++
    const el: XmlElement = { name: readName(), attributes: {}, children: [], text: '' }
    for (;;) {
      const before = i
      skipSpace()
      if (text.startsWith('/>', i)) {
        i += 2
        return el
      }
      if (text[i] === '>') {
        i++
        break
      }
      if (i === before) throw new Error(`XML: expected whitespace before an attribute at offset ${i}`)
      const attr = readName()
      skipSpace()
      if (text[i] !== '=') throw new Error(`XML: expected = after ${attr}`)
      i++
      skipSpace()
      const quote = text[i]
      if (quote !== '"' && quote !== "'") throw new Error(`XML: unquoted value of ${attr}`)
      const end = text.indexOf(quote, i + 1)
      if (end < 0) throw new Error(`XML: unterminated value of ${attr}`)
      const raw = text.slice(i + 1, end)
      if (raw.includes('<')) throw new Error(`XML: < in the value of ${attr}`)
      if (attr in el.attributes) throw new Error(`XML: duplicate attribute ${attr} on <${el.name}>`)
      // Attribute-value normalisation: literal whitespace characters become spaces.
      el.attributes[attr] = decodeEntities(raw.replace(/[\t\n\r]/g, ' '), `${el.name}@${attr}`)
      i = end + 1
    }
    for (;;) {
      const lt = text.indexOf('<', i)
      if (lt < 0) throw new Error(`XML: <${el.name}> is not closed`)
      const chunk = text.slice(i, lt)
      if (chunk.includes(']]>')) throw new Error(`XML: ]]> in character data of <${el.name}>`)
      el.text += decodeEntities(chunk, `<${el.name}> text`)
      i = lt
      if (text.startsWith('</', i)) {
        i += 2
        const name = readName()
        if (name !== el.name) throw new Error(`XML: </${name}> closes <${el.name}>`)
        skipSpace()
        if (text[i] !== '>') throw new Error(`XML: malformed end tag </${name}`)
        i++
        return el
      }
      if (text.startsWith('<!', i) || text.startsWith('<?', i)) throw new Error('XML: markup the renderer never writes')
      el.children.push(element())
    }
  }
  const root = element()
  skipSpace()
  if (i !== text.length) throw new Error(`XML: content after the root element at offset ${i}`)
  return root
}

/** A second opinion from a real XML parser (Python's expat), when python3 is on the machine. */
export function expatAccepts(text: string): boolean | undefined {
  const probe = spawnSync('python3', ['-c', 'import sys, xml.parsers.expat as e; p = e.ParserCreate(); p.Parse(sys.stdin.buffer.read(), True)'], { input: text, encoding: 'utf8', maxBuffer: 1 << 30 })
  if (probe.error) return undefined
  return probe.status === 0
}

export const children = (el: XmlElement, name: string): XmlElement[] => el.children.filter((c) => c.name === name)

// ---------------------------------------------------------------------------------------------
// JSON Schemas vendored in test/fixtures/schemas

const schemasDir = join(import.meta.dirname, '..', '..', 'fixtures', 'schemas')

export function schemaValidator(file: string, ref?: string): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false })
  addFormats.default(ajv)
  const schema = JSON.parse(readFileSync(join(schemasDir, file), 'utf8')) as { $id?: string }
  ajv.addSchema(schema, file)
  const validate = ajv.getSchema(ref ? `${file}${ref}` : file)
  if (!validate) throw new Error(`no schema ${file}${ref ?? ''}`)
  return validate
}

/** ajv's errors, one readable line each (for expect(...).toEqual([]) failure messages). */
export function schemaErrors(validate: ValidateFunction, value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
}
