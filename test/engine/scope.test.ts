// The engine's contract for organization-scope checks: skipped (and listed as skipped in the
// report) when the scan never read the organization view; `error` when it tried and failed.
import { describe, expect, it } from 'vitest'
import { ALL_CHECKS } from '../../src/checks/index.js'
import { evaluateSnapshot } from '../../src/engine/evaluate.js'
import { buildReport } from '../../src/report/build.js'
import { loadRules } from '../../src/rules/load.js'
import { account, NOW, unreadable } from '../support/builders.js'
import { orgSnapshot } from '../support/org-builders.js'

const ruleSet = loadRules({ checks: ALL_CHECKS })
const orgCheckIds = ALL_CHECKS.filter((c) => c.scope === 'organization').map((c) => c.id)

describe('organization-scope checks', () => {
  it('are skipped, not errors, in a single-account scan, and the report says why', () => {
    const snap = account()
    expect(snap.organization).toBeUndefined()
    const findings = evaluateSnapshot(snap, ruleSet, { now: NOW })
    expect(findings.filter((f) => orgCheckIds.includes(f.checkId))).toEqual([])
    const report = buildReport({ command: 'evaluate', tool: { name: 'guardrail', version: 't' }, snapshot: snap, findings, ruleSet, asOf: NOW })
    expect(report.coverage.checksSkipped.map((s) => s.checkId).sort()).toEqual([...orgCheckIds].sort())
    expect(report.coverage.checksSkipped[0]?.reason).toContain('--org')
    expect(report.coverage.checksRun).toBe([...ruleSet.rules.values()].filter((r) => r.enabled).length - orgCheckIds.length)
  })

  it('report error with the AWS code when the organization view was unreadable', () => {
    const snap = orgSnapshot({ override: { organization: unreadable({ code: 'AccessDeniedException', message: 'denied', operation: 'organizations:DescribeOrganization' }) } })
    // With sandbox OUs configured every organization check needs the organization view.
    const configured = loadRules({ checks: ALL_CHECKS, settings: { identityAccounts: [], logArchiveAccounts: [], auditAccounts: [], sandboxOus: ['Sandbox'] } })
    const findings = evaluateSnapshot(snap, configured, { now: NOW }).filter((f) => orgCheckIds.includes(f.checkId))
    expect(new Set(findings.map((f) => f.checkId))).toEqual(new Set(orgCheckIds))
    expect(findings.every((f) => f.status === 'error' && f.errorCode === 'AccessDeniedException')).toBe(true)
    const report = buildReport({ command: 'evaluate', tool: { name: 'guardrail', version: 't' }, snapshot: snap, findings, ruleSet, asOf: NOW })
    expect(report.coverage.checksSkipped).toEqual([])
    expect(report.coverage.complete).toBe(false)
  })
})
