import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SEVERITIES, type Status } from '../../src/core/types.js'
import { renderReportJson } from '../../src/report/build.js'
import type { FindingsReport } from '../../src/report/schema.js'
import { applyBaseline, jsonSyntaxError, loadBaseline, loadFindingsFile } from '../../src/refine/baseline.js'
import { recount } from '../../src/refine/recount.js'
import { applySuppressions } from '../../src/refine/suppress.js'
import { finding, inputError, OTHER, PROD, report, SANDBOX, tempFile, type FindingSpec } from './helpers.js'

const THEN = '2026-05-01T00:00:00.000Z'
const NOW = '2026-06-01T00:00:00.000Z'
const FILE = 'previous/findings.json'

const one = (spec: FindingSpec) => finding({ resource: 'arn:aws:iam::111111111111:user/alice', checkId: 'iam.user-console-mfa', region: 'global', ...spec })

describe('applyBaseline: state and firstSeen of each finding', () => {
  it.each<[Status, Status | 'absent', 'new' | 'unchanged' | 'resolved', 'then' | 'now']>([
    ['fail', 'fail', 'unchanged', 'then'],
    ['fail', 'pass', 'new', 'now'],
    ['fail', 'error', 'new', 'now'],
    ['fail', 'not_applicable', 'new', 'now'],
    ['fail', 'absent', 'new', 'now'],
    ['pass', 'fail', 'resolved', 'now'],
    ['error', 'fail', 'resolved', 'now'],
    ['not_applicable', 'fail', 'resolved', 'now'],
    ['pass', 'pass', 'unchanged', 'then'],
    ['pass', 'error', 'new', 'now'],
    ['pass', 'absent', 'new', 'now'],
    ['error', 'error', 'unchanged', 'then'],
    ['error', 'pass', 'new', 'now'],
    ['not_applicable', 'not_applicable', 'unchanged', 'then'],
  ])('%s now, %s in the baseline → %s, first seen %s', (now, then, state, seen) => {
    const baseline = report(then === 'absent' ? [] : [one({ status: then })], { asOf: THEN })
    const current = report([one({ status: now })], { asOf: NOW })
    const [f] = applyBaseline(current, baseline, FILE).report.findings
    expect(f!.baseline).toBe(state)
    expect(f!.firstSeen).toBe(seen === 'then' ? THEN : NOW)
  })

  it("carries the baseline's own firstSeen over (baseline to baseline)", () => {
    const first = report([one({ status: 'fail' })], { asOf: '2026-03-01T00:00:00.000Z' })
    const second = applyBaseline(report([one({ status: 'fail' })], { asOf: THEN }), first, 'first.json').report
    expect(second.findings[0]!.firstSeen).toBe('2026-03-01T00:00:00.000Z')
    const third = applyBaseline(report([one({ status: 'fail' })], { asOf: NOW }), second, 'second.json').report
    expect(third.findings[0]!.firstSeen).toBe('2026-03-01T00:00:00.000Z')
    // Once the status changes, the clock starts again.
    const fourth = applyBaseline(report([one({ status: 'pass' })], { asOf: NOW }), third, 'third.json').report
    expect(fourth.findings[0]).toMatchObject({ baseline: 'resolved', firstSeen: NOW })
  })
})

describe('applyBaseline: the report section', () => {
  const kept = finding({ checkId: 'iam.root-mfa', severity: 'critical', accountId: PROD, region: 'global', resource: `arn:aws:iam::${PROD}:root` })
  const fixedNow = finding({ checkId: 'ec2.no-ssh-from-internet', accountId: PROD, resource: 'sg-1' })
  const deleted = [
    finding({ checkId: 'kms.key-rotation', accountId: SANDBOX, resource: 'key/z', severity: 'medium' }),
    finding({ checkId: 'ec2.no-ssh-from-internet', accountId: PROD, resource: 'sg-gone' }),
  ]
  const passedAndGone = finding({ checkId: 'kms.key-rotation', status: 'pass', accountId: PROD, resource: 'key/p' })
  const baseline = report([kept, fixedNow, ...deleted, passedAndGone], { asOf: THEN })
  const current = report(
    [
      kept,
      { ...fixedNow, status: 'pass' },
      finding({ checkId: 'iam.user-console-mfa', severity: 'high', accountId: SANDBOX, region: 'global', resource: 'user/new' }),
      finding({ checkId: 'iam.user-console-mfa', severity: 'low', accountId: OTHER, region: 'global', resource: 'user/new2' }),
      finding({ checkId: 'kms.key-rotation', status: 'pass', accountId: OTHER, resource: 'key/new' }),
    ],
    { asOf: NOW },
  )
  // Computed inside each test, not here: code run while a describe block is collected counts for no
  // test, so mutation testing would see it covered by nothing.
  const comparison = () => {
    const compared = applyBaseline(current, baseline, FILE).report
    return { compared, section: compared.baseline! }
  }

  it('lists failing baseline findings that are gone, in report order, and counts them as resolved', () => {
    const { section } = comparison()
    expect(section.gone.map((g) => g.resource)).toEqual(['sg-gone', 'key/z']) // accounts 1111… before 2222…
    expect(section.gone[0]).toEqual({ id: deleted[1]!.id, checkId: 'ec2.no-ssh-from-internet', status: 'fail', severity: 'high', accountId: PROD, region: 'eu-west-1', resource: 'sg-gone', message: deleted[1]!.message })
    expect(section.counts).toEqual({ new: 3, unchanged: 1, resolved: 1 + 2 })
  })

  it('counts equal a recount from the findings plus gone', () => {
    const { compared, section } = comparison()
    const by = (state: string) => compared.findings.filter((f) => f.baseline === state).length
    expect(section.counts).toEqual({ new: by('new'), unchanged: by('unchanged'), resolved: by('resolved') + section.gone.length })
  })

  it('newFailuresBySeverity counts unmuted new failures', () => {
    const { section } = comparison()
    expect(section.newFailuresBySeverity).toEqual({ critical: 0, high: 1, medium: 0, low: 1, info: 0 })
    expect(section).toMatchObject({ file: FILE, asOf: THEN })
  })

  it('muting and comparing give the same counts in either order', () => {
    const entries = [{ accounts: [SANDBOX], reason: 'r', owner: 'o', expires: '2027-01-01' }]
    const muteThenCompare = applyBaseline(applySuppressions(current, entries, 's.yaml'), baseline, FILE).report
    const compareThenMute = applySuppressions(applyBaseline(current, baseline, FILE).report, entries, 's.yaml')
    expect(muteThenCompare.baseline!.newFailuresBySeverity).toEqual({ critical: 0, high: 0, medium: 0, low: 1, info: 0 })
    expect(compareThenMute).toEqual(muteThenCompare)
  })

  it('is pure and idempotent', () => {
    const before = structuredClone(current)
    const once = applyBaseline(current, baseline, FILE).report
    expect(current).toEqual(before)
    expect(applyBaseline(once, baseline, FILE).report).toEqual(once)
  })

  it('recount adds no baseline block to a report without one', () => {
    expect(recount(current).baseline).toBeUndefined()
  })
})

describe('applyBaseline: warnings when the two reports do not cover the same ground', () => {
  const fails = (accountId: string, checkId = 'iam.root-mfa') => finding({ accountId, checkId, region: 'global', resource: `arn:aws:iam::${accountId}:root` })
  it('none for the same accounts and checks', () => {
    const r = report([fails(PROD)], { asOf: NOW })
    expect(applyBaseline(r, report([fails(PROD)], { asOf: THEN }), FILE).warnings).toEqual([])
  })

  it('a single-account baseline against an organization scan', () => {
    const org = report([fails(PROD), fails(SANDBOX), fails(OTHER)], { asOf: NOW })
    const single = report([fails(PROD)], { asOf: THEN, accounts: [{ accountId: PROD }] })
    const warnings = applyBaseline(org, single, FILE).warnings
    expect(warnings).toEqual([`baseline ${FILE} does not cover 2 account(s) of this report (${SANDBOX}, ${OTHER}): all their failures count as new.`])
    const reverse = applyBaseline({ ...single, run: { ...single.run, asOf: NOW } }, { ...org, run: { ...org.run, asOf: THEN } }, FILE).warnings
    expect(reverse).toEqual([`baseline ${FILE} covers 2 account(s) this report does not (${SANDBOX}, ${OTHER}): their failures are listed as gone (resolved).`])
  })

  it('checks failing on one side that the other has no findings for', () => {
    const r = report([fails(PROD, 'iam.root-mfa'), fails(PROD, 'kms.key-rotation')], { asOf: NOW })
    const b = report([fails(PROD, 'iam.root-mfa'), fails(PROD, 'ec2.vpc-flow-logs')], { asOf: THEN })
    const warnings = applyBaseline(r, b, FILE).warnings
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toContain('has no findings for 1 check(s) failing in this report (kms.key-rotation)')
    expect(warnings[1]).toContain('has failures of 1 check(s) this report has no findings for (ec2.vpc-flow-logs;')
  })

  it('a baseline newer than the report, or from another partition', () => {
    const r = report([fails(PROD)], { asOf: THEN })
    const warnings = applyBaseline(r, report([fails(PROD)], { asOf: NOW, partition: 'aws-cn' }), FILE).warnings
    expect(warnings.some((w) => w.includes('are the two files the wrong way round?'))).toBe(true)
    expect(warnings.some((w) => w.includes('is from partition aws-cn'))).toBe(true)
  })

  it('long lists are capped', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ accountId: String(500000000000 + i) }))
    const warnings = applyBaseline(report([], { accounts: many, asOf: NOW }), report([], { accounts: [], asOf: THEN }), FILE).warnings
    expect(warnings[0]).toContain('… and 7 more')
  })
})

describe('loadFindingsFile / loadBaseline', () => {
  const sample = report([finding({}), finding({ status: 'pass', resource: 'x' })], { asOf: THEN })

  it('reads what renderReportJson wrote, with or without a BOM', () => {
    expect(loadBaseline(tempFile('findings.json', renderReportJson(sample)))).toEqual(sample)
    expect(loadFindingsFile(tempFile('findings.json', `\ufeff${renderReportJson(sample)}`))).toEqual(sample)
  })

  it('invalid JSON: the file, line and column, and no echo of the content', () => {
    const text = renderReportJson(sample).replace('"status": "pass"', '"status": pass\u001b')
    const file = tempFile('findings.json', text)
    const err = inputError(() => loadBaseline(file))
    const line = text.slice(0, text.indexOf('pass\u001b')).split('\n').length
    expect(err.code).toBe('InvalidJson')
    expect(err.message).toContain(`baseline ${file} is not valid JSON: unexpected character "p" at line ${line}, column 17`)
    expect(err.message).not.toContain('\u001b')
  })

  it.each([
    ['truncated', (t: string) => t.slice(0, 200), 'unterminated string'],
    ['empty', () => '', 'unexpected end of input at line 1, column 1'],
    ['trailing garbage', (t: string) => `${t}x`, 'after the end of the document'],
  ])('invalid JSON (%s)', (_what, corrupt, expected) => {
    const file = tempFile('findings.json', corrupt(renderReportJson(sample)))
    expect(inputError(() => loadBaseline(file)).message).toContain(expected)
  })

  it('a schema violation names the field', () => {
    const doc = JSON.parse(renderReportJson(sample))
    doc.findings[1].status = 'passed'
    const file = tempFile('findings.json', JSON.stringify(doc))
    const err = inputError(() => loadFindingsFile(file, 'old report'))
    expect(err.message).toContain(`old report ${file} is not a valid findings.json:`)
    expect(err.message).toContain('findings.1.status')
  })

  it.each([
    ['another schema version', (d: Record<string, unknown>) => ({ ...d, schemaVersion: 2 }), 'has schemaVersion 2; this guardrail reads findings.json schemaVersion 1'],
    ['not a findings.json', () => ({ accounts: [] }), 'is not a guardrail findings.json: it has no schemaVersion'],
    ['a JSON array', () => [1, 2], 'is not a guardrail findings.json'],
  ])('%s', (_what, change, expected) => {
    const file = tempFile('findings.json', JSON.stringify(change(JSON.parse(renderReportJson(sample)))))
    expect(inputError(() => loadBaseline(file)).message).toContain(expected)
  })

  it('a file over the cap is refused before it is read whole', () => {
    const file = tempFile('findings.json', renderReportJson(sample))
    const err = inputError(() => loadFindingsFile(file, 'baseline', 100))
    expect(err.code).toBe('FileTooLarge')
    expect(err.message).toContain(file)
  })

  it('a missing file or a directory is exit 2 naming it', () => {
    expect(inputError(() => loadBaseline('/nonexistent/findings.json')).message).toContain('/nonexistent/findings.json')
    const dir = mkdtempSync(join(tmpdir(), 'guardrail-refine-'))
    expect(inputError(() => loadBaseline(dir)).message).toContain(`${dir} is a directory`)
  })

  it('a file name with control characters is neutralised in messages', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guardrail-refine-'))
    const file = join(dir, 'find\u001b[2Jings.json')
    writeFileSync(file, '{')
    expect(inputError(() => loadBaseline(file)).message).not.toContain('\u001b')
  })
})

describe('jsonSyntaxError', () => {
  it.each([
    ['{"a":}', 5],
    ['{"a":1,}', 7],
    ['[1,2]]', 5],
    ['{"a" 1}', 5],
    ['{a:1}', 1],
    ['"\u0001"', 1],
    ['"\\x"', 1],
    ['"\\u12g4"', 1],
    ['01', 1],
    ['-', 0],
    ['[1 2]', 3],
    ['nul', 0],
    ['', 0],
  ])('%j fails at offset %i', (text, offset) => {
    expect(() => JSON.parse(text)).toThrow()
    expect(jsonSyntaxError(text)?.offset).toBe(offset)
  })

  it('finds an error exactly when JSON.parse does (single-character corruptions of a real report)', () => {
    const text = renderReportJson(report([finding({ message: 'é "quoted" \\ 日本' }), finding({ status: 'error', resource: 'r' })]))
    expect(jsonSyntaxError(text)).toBeUndefined()
    let seed = 3
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
    const replacements = ['', '"', '{', '}', '[', ']', ',', ':', '\\', 'x', '0', '-', ' ', '\u0001']
    let disagreements = 0
    for (let i = 0; i < 3000; i++) {
      const at = Math.floor(rnd() * text.length)
      const corrupted = text.slice(0, at) + replacements[Math.floor(rnd() * replacements.length)] + text.slice(at + 1)
      let parses = true
      try {
        JSON.parse(corrupted)
      } catch {
        parses = false
      }
      if (parses === (jsonSyntaxError(corrupted) !== undefined)) disagreements++
    }
    expect(disagreements).toBe(0)
  })

  it('copes with deep nesting without recursion', () => {
    expect(jsonSyntaxError('['.repeat(200_000))?.reason).toBe('unexpected end of input')
    expect(jsonSyntaxError(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)).toBeUndefined()
  })
})

describe('applyBaseline on counts per severity', () => {
  it('newFailuresBySeverity equals a recount over a larger mixed report', () => {
    const statuses: Status[] = ['fail', 'pass', 'error', 'not_applicable']
    const make = (n: number, shift: number, asOf: string) =>
      report(
        Array.from({ length: n }, (_, i) => finding({ resource: `r${i}`, status: statuses[(i * 7 + shift) % 4]!, severity: SEVERITIES[i % 5]!, accountId: [PROD, SANDBOX, OTHER][i % 3]! })),
        { asOf },
      )
    const compared: FindingsReport = applyBaseline(make(400, 1, NOW), make(300, 0, THEN), FILE).report
    const expected = Object.fromEntries(SEVERITIES.map((s) => [s, compared.findings.filter((f) => f.severity === s && f.status === 'fail' && !f.muted && f.baseline === 'new').length]))
    expect(compared.baseline!.newFailuresBySeverity).toEqual(expected)
    expect(Object.values(expected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0)
  })
})
