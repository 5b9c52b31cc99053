// junit.xml, parsed back with a strict XML reader (and Python's expat where available): one suite
// per check, one case per account × region, verdicts as documented, counts that add up exactly.
import { describe, expect, it } from 'vitest'
import { JUNIT_FILE, renderJunit } from '../../../src/report/formats/junit.js'
import { xmlAttribute, xmlSafeText, xmlText } from '../../../src/report/formats/xml-text.js'
import { HOSTILE, syntheticReport } from '../../support/synthetic-report.js'
import { ACCOUNT_A, ACCOUNT_B, children, expatAccepts, finding, miniReport, parseXml, type XmlElement } from './support.js'

const COUNTS = ['tests', 'failures', 'errors', 'skipped'] as const

function verdictOf(tc: XmlElement): string {
  for (const v of ['failure', 'error', 'skipped']) if (children(tc, v).length > 0) return v
  return 'pass'
}

/** Every count attribute equals what the elements under it say. */
function expectExactCounts(root: XmlElement): void {
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0 }
  for (const suite of children(root, 'testsuite')) {
    const cases = children(suite, 'testcase')
    const verdicts = cases.map(verdictOf)
    const counts = { tests: cases.length, failures: verdicts.filter((v) => v === 'failure').length, errors: verdicts.filter((v) => v === 'error').length, skipped: verdicts.filter((v) => v === 'skipped').length }
    for (const k of COUNTS) {
      expect(Number(suite.attributes[k]), `${suite.attributes.name} ${k}`).toBe(counts[k])
      total[k] += counts[k]
    }
    for (const tc of cases) expect(children(tc, 'failure').length + children(tc, 'error').length + children(tc, 'skipped').length).toBeLessThanOrEqual(1)
  }
  for (const k of COUNTS) expect(Number(root.attributes[k]), `testsuites ${k}`).toBe(total[k])
}

function parse(xml: string): XmlElement {
  const root = parseXml(xml)
  expect(root.name).toBe('testsuites')
  expectExactCounts(root)
  return root
}

const suiteNamed = (root: XmlElement, name: string) => children(root, 'testsuite').find((s) => s.attributes.name === name)!

describe('renderJunit', () => {
  it('is named junit.xml', () => {
    expect(JUNIT_FILE).toBe('junit.xml')
  })

  it('groups findings into one suite per check and one test case per account and region', () => {
    const ssh = { checkId: 'ec2.no-ssh-from-internet', severity: 'high' as const }
    const report = miniReport([
      finding({ status: 'pass', accountId: ACCOUNT_A }),
      finding({ status: 'fail', accountId: ACCOUNT_B, resource: `arn:aws:iam::${ACCOUNT_B}:root` }),
      finding({ ...ssh, status: 'fail', region: 'eu-west-1', resource: 'arn:aws:ec2:eu-west-1:111111111111:security-group/sg-1', message: 'sg-1 allows 0.0.0.0/0:22' }),
      finding({ ...ssh, status: 'fail', region: 'eu-west-1', resource: 'arn:aws:ec2:eu-west-1:111111111111:security-group/sg-2', message: 'sg-2 allows ::/0:22' }),
      finding({ ...ssh, status: 'pass', region: 'eu-west-1', resource: 'arn:aws:ec2:eu-west-1:111111111111:security-group/sg-3' }),
      finding({ ...ssh, status: 'pass', region: 'us-east-1', resource: 'arn:aws:ec2:us-east-1:111111111111:security-group/sg-4' }),
    ])
    const root = parse(renderJunit(report))
    expect(children(root, 'testsuite').map((s) => s.attributes.name)).toEqual(['ec2.no-ssh-from-internet', 'iam.root-mfa'])
    expect(root.attributes).toMatchObject({ name: 'guardrail', tests: '4', failures: '2', errors: '0', skipped: '0', timestamp: '2026-06-01T00:00:00' })

    const ssh1 = suiteNamed(root, 'ec2.no-ssh-from-internet')
    const cases = children(ssh1, 'testcase')
    expect(cases.map((c) => [c.attributes.classname, c.attributes.name, verdictOf(c)])).toEqual([
      ['guardrail.ec2.no-ssh-from-internet', '111111111111 (payments-prod) eu-west-1', 'failure'],
      ['guardrail.ec2.no-ssh-from-internet', '111111111111 (payments-prod) us-east-1', 'pass'],
    ])
    const failure = children(cases[0]!, 'failure')[0]!
    expect(failure.attributes).toEqual({ type: 'high', message: '2 of 3 resources fail: No SSH from the internet' })
    expect(failure.text.split('\n')).toEqual([
      'FAIL arn:aws:ec2:eu-west-1:111111111111:security-group/sg-1: sg-1 allows 0.0.0.0/0:22',
      'FAIL arn:aws:ec2:eu-west-1:111111111111:security-group/sg-2: sg-2 allows ::/0:22',
    ])
    // An account without a name is named by its id alone.
    expect(children(suiteNamed(root, 'iam.root-mfa'), 'testcase').map((c) => c.attributes.name)).toEqual(['111111111111 (payments-prod) global', '222222222222 global'])
    // The check's properties ride along for viewers that show them.
    const props = Object.fromEntries(children(children(ssh1, 'properties')[0]!, 'property').map((p) => [p.attributes.name, p.attributes.value]))
    expect(props).toEqual({ title: 'No SSH from the internet', severity: 'high', frameworks: 'aws-fsbp EC2.13; cis-aws-3.0 5.2' })
  })

  it.each([
    ['any unmuted failure fails the case (errors beside it are listed in the failure)', ['fail', 'error', 'pass'], 'failure'],
    ['errors without failures are an <error>', ['error', 'pass', 'not_applicable'], 'error'],
    ['all not_applicable is <skipped>', ['not_applicable', 'not_applicable'], 'skipped'],
    ['passes and not_applicable pass', ['pass', 'not_applicable'], 'pass'],
  ] as const)('%s', (_, statuses, verdict) => {
    const findings = statuses.map((status, i) => finding({ status, resource: `arn:aws:iam::111111111111:user/u${i}`, ...(status === 'error' ? { errorCode: 'AccessDenied' } : {}) }))
    const root = parse(renderJunit(miniReport(findings)))
    const tc = children(children(root, 'testsuite')[0]!, 'testcase')[0]!
    expect(verdictOf(tc)).toBe(verdict)
    if (verdict === 'failure') expect(children(tc, 'failure')[0]!.text).toContain('ERROR arn:aws:iam::111111111111:user/u1: AccessDenied: ')
    if (verdict === 'error') expect(children(tc, 'error')[0]!.attributes).toEqual({ type: 'AccessDenied', message: '1 of 3 resources could not be evaluated: The root user has MFA' })
  })

  it('does not fail a case for muted failures, and notes them in system-out', () => {
    const muted = { reason: 'break-glass account', owner: 'sec@example.com', expires: '2027-01-31', suppression: 'root-breakglass' }
    const root = parse(renderJunit(miniReport([finding({ status: 'fail', muted }), finding({ status: 'pass', resource: 'arn:aws:iam::111111111111:user/x' })])))
    const tc = children(children(root, 'testsuite')[0]!, 'testcase')[0]!
    expect(verdictOf(tc)).toBe('pass')
    expect(root.attributes.failures).toBe('0')
    expect(children(tc, 'system-out')[0]!.text).toBe('MUTED arn:aws:iam::111111111111:root: The root user has no MFA (muted by root-breakglass, owner sec@example.com, expires 2027-01-31: break-glass account)')
  })

  it('still fails a case whose unmuted failure sits beside a muted one', () => {
    const muted = { reason: 'r', owner: 'o', expires: '2027-01-31' }
    const root = parse(renderJunit(miniReport([finding({ muted }), finding({ resource: 'arn:aws:iam::111111111111:user/y' })])))
    const tc = children(children(root, 'testsuite')[0]!, 'testcase')[0]!
    expect(verdictOf(tc)).toBe('failure')
    expect(children(tc, 'failure')[0]!.attributes.message).toBe('1 of 2 resources fail: The root user has MFA')
    expect(children(tc, 'system-out')[0]!.text).toContain('muted by a suppression')
  })

  it('lists enabled checks skipped for the whole scan as skipped test cases', () => {
    const report = miniReport([finding()], {
      coverage: { complete: true, checksRun: 1, checksDisabled: [], checksSkipped: [{ checkId: 'org.scp-deny-leave', reason: 'single-account scan' }], errors: [], regionsSkipped: [] },
    })
    const root = parse(renderJunit(report))
    const suite = suiteNamed(root, 'org.scp-deny-leave')
    expect(suite.attributes).toMatchObject({ tests: '1', skipped: '1' })
    expect(children(children(suite, 'testcase')[0]!, 'skipped')[0]!.attributes.message).toBe('single-account scan')
    expect(root.attributes).toMatchObject({ tests: '2', skipped: '1', failures: '1' })
  })

  it('renders an empty but well-formed report without findings', () => {
    const root = parse(renderJunit(miniReport([])))
    expect(root.children).toEqual([])
    expect(root.attributes.tests).toBe('0')
  })
})

describe('hostile strings', () => {
  it('escapes markup and makes control characters visible, so the document stays well-formed', () => {
    const nasty = `${HOSTILE.quote} ${HOSTILE.script} ${HOSTILE.control} \u0000 \ud800 \uffff tab\there`
    const report = miniReport([finding({ message: nasty, resource: `arn:aws:iam::111111111111:user/${HOSTILE.img}` })])
    report.run.accounts[0]!.name = `${HOSTILE.quote}\nnewline`
    const xml = renderJunit(report)
    const root = parse(xml)
    expect(expatAccepts(xml) ?? true).toBe(true)
    const tc = children(children(root, 'testsuite')[0]!, 'testcase')[0]!
    // The attribute keeps its line break (escaped as &#10;, not normalised away).
    expect(tc.attributes.name).toBe(`111111111111 (${HOSTILE.quote}\nnewline) global`)
    const body = children(tc, 'failure')[0]!.text
    expect(body).toContain(HOSTILE.script)
    expect(body).toContain('esc\\u001b[31mred\\u0007bell')
    expect(body).toContain('\\u0000 \\ud800 \\uffff tab\there')
    expect(xml).not.toContain('<script>')
  })

  it('a large hostile synthetic report parses, with exact counts, in both readers', () => {
    const report = syntheticReport({ findings: 3000, hostile: true, mutedShare: 0.3 })
    const xml = renderJunit(report)
    const root = parse(xml)
    expect(expatAccepts(xml) ?? true).toBe(true)
    // Every finding is in exactly one case: cases = distinct check × account × region, plus one
    // per check the scan skipped (the synthetic scan is single-account: organization checks skip).
    const distinct = new Set(report.findings.map((f) => `${f.checkId} ${f.accountId} ${f.region}`))
    expect(report.coverage.checksSkipped.length).toBeGreaterThan(0)
    expect(Number(root.attributes.tests)).toBe(distinct.size + report.coverage.checksSkipped.length)
    expect(Number(root.attributes.failures)).toBe(new Set(report.findings.filter((f) => f.status === 'fail' && !f.muted).map((f) => `${f.checkId} ${f.accountId} ${f.region}`)).size)
  })

  it.each([
    ['a & b < c > d', 'a &amp; b &lt; c &gt; d', 'a &amp; b &lt; c &gt; d'],
    ['"q" \'a\'', '"q" \'a\'', '&quot;q&quot; &apos;a&apos;'],
    ['t\tn\nr\r', 't\tn\nr\\u000d', 't&#9;n&#10;r\\u000d'],
    ['nul\u0000 del\u007f c1\u0085', 'nul\\u0000 del\\u007f c1\\u0085', 'nul\\u0000 del\\u007f c1\\u0085'],
    ['lone \udc00 high \ud83d pair \ud83d\ude00', 'lone \\udc00 high \\ud83d pair \ud83d\ude00', 'lone \\udc00 high \\ud83d pair \ud83d\ude00'],
    [']]>', ']]&gt;', ']]&gt;'],
  ])('xmlText / xmlAttribute(%j)', (input, asText, asAttribute) => {
    expect(xmlText(input)).toBe(asText)
    expect(xmlAttribute(input)).toBe(asAttribute)
  })

  it('xmlSafeText leaves ordinary non-ASCII text alone', () => {
    expect(xmlSafeText('Zahlungsverkehr 日本 😀 é')).toBe('Zahlungsverkehr 日本 😀 é')
  })
})

describe('the XML readers used above', () => {
  it.each([
    ['a forbidden character', '<a>\u001b</a>'],
    ['a bare ampersand', '<a>&</a>'],
    ['mismatched tags', '<a><b></a></b>'],
    ['a duplicate attribute', '<a x="1" x="2"/>'],
    ['< in an attribute', '<a x="<"/>'],
    ['two roots', '<a/><b/>'],
  ])('reject %s', (_, body) => {
    const doc = `<?xml version="1.0" encoding="UTF-8"?>\n${body}`
    expect(() => parseXml(doc)).toThrow(/XML/)
    expect(expatAccepts(doc) ?? false).toBe(false)
  })
})

describe('determinism', () => {
  it('renders the same bytes for the same report, whatever the order of its findings', () => {
    const report = syntheticReport({ findings: 500, hostile: true })
    const shuffled = structuredClone(report)
    shuffled.findings.reverse()
    expect(renderJunit(shuffled)).toBe(renderJunit(report))
  })
})
