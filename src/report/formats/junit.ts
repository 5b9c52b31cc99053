// junit.xml: the audit as a test report, so GitHub (test-reporter actions), GitLab (artifacts:reports:
// junit) and Jenkins (junit step) show which guardrails fail where, natively.
//
// One <testsuite> per check, one <testcase> per account × region the check produced findings in:
// - classname "guardrail.<checkId>" (e.g. guardrail.iam.root-mfa): Jenkins splits a classname at its
//   last dot into package and class, so its tree reads guardrail.iam → root-mfa → one test per account
//   and region; GitLab lists the classname as the test's suite.
// - Suites per check rather than per account: a check is a control, the unit an auditor and a CI gate
//   reason about ("root MFA fails in 3 of 400 accounts"), the number of suites stays bounded by the
//   checklist (~70) while an organization can have thousands of accounts, and the per-suite counts
//   Jenkins and GitLab display then read as per-control results.
// Verdict of a test case, from its findings:
//   any unmuted fail → <failure> listing the failing resources (errors in the same place are listed too);
//   else any error → <error> listing what could not be read;
//   else every finding not_applicable → <skipped>;
//   else it passes. Muted failures never fail a test case: they are listed in its <system-out>.
// Enabled checks skipped for the whole scan (organization checks in a single-account scan) appear as
// one skipped test case each, so the report shows they did not run rather than hiding them.
// Counts in <testsuites> and each <testsuite> are computed from the test cases written.
import { byCodePoint } from '../build.js'
import type { FindingsReport } from '../schema.js'
import { checkTitle, frameworkRefsLabel, reportLookup, type ReportFinding, type ReportLookup } from './lookup.js'
import { xmlAttribute as attr, xmlText as text } from './xml-text.js'

export const JUNIT_FILE = 'junit.xml'

type Verdict = 'pass' | 'failure' | 'error' | 'skipped'

interface Counts {
  tests: number
  failures: number
  errors: number
  skipped: number
}

const zero = (): Counts => ({ tests: 0, failures: 0, errors: 0, skipped: 0 })

function count(into: Counts, verdict: Verdict): void {
  into.tests++
  if (verdict === 'failure') into.failures++
  else if (verdict === 'error') into.errors++
  else if (verdict === 'skipped') into.skipped++
}

const countAttributes = (c: Counts): string => `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="0"`

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

function mutedLine(f: ReportFinding): string {
  const m = f.muted!
  return `MUTED ${f.resource}: ${f.message} (muted by ${m.suppression ?? 'a suppression'}, owner ${m.owner}, expires ${m.expires}: ${m.reason})`
}

/** The <testcase> element and its verdict, for one check in one account and region. */
function testCase(findings: readonly ReportFinding[], caseName: string, className: string, title: string): { xml: string; verdict: Verdict } {
  const failing = findings.filter((f) => f.status === 'fail' && !f.muted)
  const errors = findings.filter((f) => f.status === 'error')
  const muted = findings.filter((f) => f.status === 'fail' && f.muted)
  const notApplicable = findings.filter((f) => f.status === 'not_applicable').length
  const verdict: Verdict = failing.length > 0 ? 'failure' : errors.length > 0 ? 'error' : notApplicable === findings.length ? 'skipped' : 'pass'

  const body: string[] = []
  if (verdict === 'failure') {
    const message = `${failing.length} of ${plural(findings.length, 'resource')} fail: ${title}`
    const lines = [...failing.map((f) => `FAIL ${f.resource}: ${f.message}`), ...errors.map((f) => `ERROR ${f.resource}: ${f.errorCode ?? 'error'}: ${f.message}`)]
    body.push(`<failure type="${attr(failing[0]!.severity)}" message="${attr(message)}">${text(lines.join('\n'))}</failure>`)
  } else if (verdict === 'error') {
    const message = `${errors.length} of ${plural(findings.length, 'resource')} could not be evaluated: ${title}`
    const codes = [...new Set(errors.map((f) => f.errorCode ?? 'error'))].sort(byCodePoint).join(', ')
    body.push(`<error type="${attr(codes)}" message="${attr(message)}">${text(errors.map((f) => `ERROR ${f.resource}: ${f.errorCode ?? 'error'}: ${f.message}`).join('\n'))}</error>`)
  } else if (verdict === 'skipped') {
    body.push(`<skipped message="${attr(`not applicable: ${findings[0]!.message}`)}"/>`)
  }
  if (muted.length > 0) body.push(`<system-out>${text(muted.map(mutedLine).join('\n'))}</system-out>`)

  const open = `<testcase classname="${attr(className)}" name="${attr(caseName)}" time="0"`
  return { verdict, xml: body.length === 0 ? `    ${open}/>` : `    ${open}>\n      ${body.join('\n      ')}\n    </testcase>` }
}

function caseName(lookup: ReportLookup, accountId: string, region: string): string {
  const name = lookup.account(accountId)?.name
  return name ? `${accountId} (${name}) ${region}` : `${accountId} ${region}`
}

function properties(lookup: ReportLookup, checkId: string): string {
  const check = lookup.check(checkId)
  if (!check) return ''
  const props = [
    ['title', check.title],
    ['severity', check.severity],
    ['frameworks', frameworkRefsLabel(check.frameworks)],
  ]
  return `    <properties>\n${props.map(([name, value]) => `      <property name="${attr(name!)}" value="${attr(value!)}"/>`).join('\n')}\n    </properties>\n`
}

/** Findings grouped by check, then by account and region, each level in code-point order. */
function groupFindings(report: FindingsReport): Map<string, Map<string, ReportFinding[]>> {
  const byCheck = new Map<string, Map<string, ReportFinding[]>>()
  for (const f of report.findings) {
    let cases = byCheck.get(f.checkId)
    if (!cases) byCheck.set(f.checkId, (cases = new Map()))
    const key = `${f.accountId}\u0000${f.region}`
    const list = cases.get(key)
    if (list) list.push(f)
    else cases.set(key, [f])
  }
  return byCheck
}

export function renderJunit(report: FindingsReport): string {
  const lookup = reportLookup(report)
  const grouped = groupFindings(report)
  const total = zero()
  const suites: string[] = []
  // The Ant JUnit schema's timestamp is an ISO date-time without a zone; asOf is UTC.
  const timestamp = report.run.asOf.replace(/(\.\d+)?Z$/, '')

  const suite = (checkId: string, cases: string[], counts: Counts): void => {
    suites.push(`  <testsuite name="${attr(checkId)}" ${countAttributes(counts)} timestamp="${attr(timestamp)}">\n${properties(lookup, checkId)}${cases.join('\n')}\n  </testsuite>`)
  }

  for (const checkId of [...grouped.keys()].sort(byCodePoint)) {
    const cases = grouped.get(checkId)!
    const title = checkTitle(lookup, checkId)
    const counts = zero()
    const xml: string[] = []
    for (const key of [...cases.keys()].sort(byCodePoint)) {
      // Resource order inside a case, whatever order the report listed them in.
      const findings = cases.get(key)!.sort((a, b) => byCodePoint(a.resource, b.resource) || byCodePoint(a.id, b.id))
      const { accountId, region } = findings[0]!
      const tc = testCase(findings, caseName(lookup, accountId, region), `guardrail.${checkId}`, title)
      count(counts, tc.verdict)
      count(total, tc.verdict)
      xml.push(tc.xml)
    }
    suite(checkId, xml, counts)
  }

  const skippedChecks = report.coverage.checksSkipped.filter((s) => !grouped.has(s.checkId)).sort((a, b) => byCodePoint(a.checkId, b.checkId))
  for (const skipped of skippedChecks) {
    const counts = zero()
    count(counts, 'skipped')
    count(total, 'skipped')
    suite(skipped.checkId, [`    <testcase classname="${attr(`guardrail.${skipped.checkId}`)}" name="not run" time="0">\n      <skipped message="${attr(skipped.reason)}"/>\n    </testcase>`], counts)
  }

  const head = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${attr(report.tool.name)}" ${countAttributes(total)} timestamp="${attr(timestamp)}">`
  return [head, ...suites, '</testsuites>', ''].join('\n')
}
