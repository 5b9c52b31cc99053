// findings.json is the contract: real CLI output must validate against the published JSON Schema
// (with ajv, the way a consumer in another language would), and that schema must be the one the
// zod schema generates today.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { buildReport, renderReportJson } from '../../src/report/build.js'
import { FINDINGS_JSON_SCHEMA_FILE, findingsJsonSchema } from '../../src/report/json-schema.js'
import { ALL_CHECKS } from '../../src/checks/index.js'
import { evaluateSnapshot } from '../../src/engine/evaluate.js'
import { loadRules } from '../../src/rules/load.js'
import { account, accountSnapshot, denied, NOW, snapshot } from '../support/builders.js'
import { runCli, tempDir, writeJson } from '../cli/helpers.js'

const root = join(import.meta.dirname, '..', '..')

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false })
  addFormats.default(ajv)
  return ajv.compile(JSON.parse(readFileSync(join(root, FINDINGS_JSON_SCHEMA_FILE), 'utf8')))
}

describe('findings.json schema', () => {
  it('the committed schema/findings.schema.json equals the one generated from src/report/schema.ts (run `npm run schemas`)', () => {
    expect(readFileSync(join(root, FINDINGS_JSON_SCHEMA_FILE), 'utf8')).toBe(findingsJsonSchema())
  })

  it('real CLI output validates, including failures, errors and hostile strings', async () => {
    const dir = tempDir()
    const hostile = account({
      users: [
        { name: 'alice', password: true, mfa: false, tags: { note: '<script>alert(1)</script>' } },
        { name: 'bob', password: true, mfa: true, keys: [{ active: true, ageDays: 500 }, { active: true, ageDays: 3 }] },
      ],
      passwordPolicy: denied('iam:GetAccountPasswordPolicy'),
    })
    hostile.accounts.push(accountSnapshot({ accountId: '222222222222', credentialReport: denied('iam:GetCredentialReport') }))
    hostile.accounts[1]!.name = '"quotes"&<>'
    writeJson(dir, 'snap.json', hostile)
    const r = await runCli(['evaluate', 'snap.json', '--quiet', '--fail-on', 'none'], { cwd: dir })
    expect(r.stderr).toBe('')
    const doc = JSON.parse(readFileSync(join(dir, 'guardrail-report', 'findings.json'), 'utf8'))
    const validate = validator()
    expect(validate(doc), JSON.stringify(validate.errors, null, 2)).toBe(true)
    expect(doc.summary.byStatus.fail).toBeGreaterThan(0)
    expect(doc.coverage.errors.length).toBeGreaterThan(0)
    expect(doc.run.accounts.find((a: { accountId: string }) => a.accountId === '222222222222').name).toBe('"quotes"&<>')
  })

  it('a document with an undeclared field or a wrong type is rejected (the schema is not vacuous)', () => {
    const ruleSet = loadRules({ checks: ALL_CHECKS })
    const snap = account({ users: [{ name: 'alice', password: true }] })
    const report = buildReport({ command: 'evaluate', tool: { name: 'guardrail', version: 't' }, snapshot: snap, findings: evaluateSnapshot(snap, ruleSet, { now: NOW }), ruleSet, asOf: NOW })
    const validate = validator()
    expect(validate(JSON.parse(renderReportJson(report)))).toBe(true)
    expect(validate({ ...report, extra: 1 })).toBe(false)
    expect(validate({ ...report, findings: [{ ...report.findings[0], status: 'maybe' }] })).toBe(false)
    const { coverage: _dropped, ...withoutCoverage } = report
    expect(validate(withoutCoverage)).toBe(false)
  })
})

describe('report content', () => {
  const ruleSet = loadRules({ checks: ALL_CHECKS })
  const snap = snapshot(
    { ...accountSnapshot({ accountId: '222222222222', users: [{ name: 'x', password: true }] }), apiCalls: { iam: 6, sts: 1 } },
    { ...accountSnapshot({ accountId: '111111111111', credentialReport: denied('iam:GetCredentialReport') }), apiCalls: { iam: 5 } },
  )
  snap.apiCalls = { organizations: 3, sts: 1 }
  const build = (findings = evaluateSnapshot(snap, ruleSet, { now: NOW })) =>
    buildReport({ command: 'scan', tool: { name: 'guardrail', version: '9.9.9' }, snapshot: snap, findings, ruleSet, asOf: NOW })

  it('counts API calls by service and by account, including calls outside any account', () => {
    const { apiCalls } = build()
    expect(apiCalls).toEqual({
      total: 16,
      byService: { iam: 11, organizations: 3, sts: 2 },
      byAccount: { '111111111111': { iam: 5 }, '222222222222': { iam: 6, sts: 1 }, _organization: { organizations: 3, sts: 1 } },
    })
  })

  it('coverage lists each check that could not be evaluated with its AWS error; summary counts add up', () => {
    const report = build()
    expect(report.coverage.complete).toBe(false)
    const mfaError = report.coverage.errors.find((e) => e.checkId === 'iam.user-console-mfa')
    expect(mfaError).toEqual(expect.objectContaining({ accountId: '111111111111', errorCode: 'AccessDenied' }))
    const { byStatus } = report.summary
    expect(byStatus.pass + byStatus.fail + byStatus.error + byStatus.not_applicable).toBe(report.findings.length)
    expect(report.coverage.errors.length).toBe(byStatus.error)
    const failures = report.findings.filter((f) => f.status === 'fail')
    expect(Object.values(report.summary.failuresBySeverity).reduce((a, b) => a + b, 0)).toBe(failures.length)
    expect(report.checks.map((c) => c.id)).toEqual([...ALL_CHECKS.map((c) => c.id)].sort())
    expect(report.frameworks.map((f) => f.id)).toContain('cis-aws-3.0')
    expect(report.run.accounts.map((a) => a.accountId)).toEqual(['111111111111', '222222222222'])
    expect(report.tool).toEqual({ name: 'guardrail', version: '9.9.9' })
  })

  it('findings are sorted deterministically whatever order the engine produced them in', () => {
    const findings = evaluateSnapshot(snap, ruleSet, { now: NOW })
    const shuffled = [...findings].reverse()
    expect(renderReportJson(build(shuffled))).toBe(renderReportJson(build(findings)))
    const keys = build().findings.map((f) => `${f.accountId}\u0000${f.checkId}`)
    expect(keys).toEqual([...keys].sort())
  })
})
