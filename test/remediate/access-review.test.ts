// Revoke decisions of the access review as plan actions: each failing revoke finding of
// iam.access-reviewed (one per action) becomes one execution of the guardrail runbook for that kind of
// change, with the user and group from the finding; a finding with nothing decided is listed as manual, saying why.
import { describe, expect, it } from 'vitest'
import type { Decision } from '../../src/access/decisions.js'
import check from '../../src/checks/iam/access-reviewed.js'
import { ALL_CHECKS } from '../../src/checks/index.js'
import { DEFAULT_REMEDIATION_SETTINGS } from '../../src/config/schema.js'
import { remediationById, runbooksOf } from '../../src/remediate/catalogue.js'
import { buildPlan } from '../../src/remediate/plan.js'
import { planSchema } from '../../src/remediate/plan-schema.js'
import { loadOwnRunbooks } from '../../src/remediate/runbooks.js'
import type { FindingsReport } from '../../src/report/schema.js'
import { account, ACCOUNT_ID, arnOfUser, user } from '../support/builders.js'
import { runCheck } from '../support/check-cases.js'
import { syntheticReport } from '../support/synthetic-report.js'

const alice = arnOfUser('alice')
const decisions: Decision[] = [{ principal: alice, decision: 'revoke', reviewer: 'jane@example.com', date: '2026-05-20', revoke: ['remove-from-group:Developers', 'disable-console', 'deactivate-access-keys'], entry: 1 }]
const base = syntheticReport({ findings: 1 })

function planFor(includeDestructive: boolean, decided = decisions) {
  const findings = runCheck(check, account({ users: [user({ name: 'alice', password: true, groups: ['Developers', 'Ops'], keys: [{ ageDays: 10 }] }), user({ name: 'bob' })] }), { decisions: decided })
  const report: FindingsReport = { ...base, findings }
  return buildPlan({
    findings: report,
    source: { findings: 'findings.json', findingsSha256: '0'.repeat(64), asOf: base.run.asOf, regions: base.run.regions },
    selection: { includeDestructive },
    settings: { ...DEFAULT_REMEDIATION_SETTINGS, homeRegion: 'eu-west-1', passwordPolicy: { minimumLength: 14, reusePrevention: 24 } },
    lookups: { iamUserId: () => undefined },
    checks: new Map(ALL_CHECKS.map((c) => [c.id, { remediationId: c.remediationId, remediation: c.remediation }])),
    tool: { name: 'guardrail', version: 'test' },
    now: new Date('2026-06-01T12:00:00Z'),
  })
}

describe('iam-apply-access-review', () => {
  it('is destructive: without --include-destructive every revoke finding is manual, each saying why', () => {
    const plan = planFor(false)
    expect(plan.actions).toEqual([])
    expect(plan.manual.filter((m) => m.resource.includes('#')).map((m) => [m.resource.split('#')[1], m.reason.slice(0, 40)])).toEqual([
      ['deactivate-access-keys', 'destructive — planned only with --includ'],
      ['disable-console', 'destructive — planned only with --includ'],
      ['remove-from-group:Developers', 'destructive — planned only with --includ'],
    ])
    // A user with no decision is asked for one, not told the fix is destructive.
    expect(plan.manual.find((m) => m.resource === arnOfUser('bob'))!.reason).toMatch(/^nothing decided to revoke/)
  })

  it('plans one execution per revoke action, in the home region, with the user and group from the finding', () => {
    const plan = planFor(true)
    expect(planSchema.safeParse(plan).success).toBe(true)
    const role = [`arn:aws:iam::${ACCOUNT_ID}:role/GuardrailRemediation`]
    expect(plan.actions.map((a) => [a.runbook, a.accountId, a.region, a.parameters, a.findings.map((f) => f.resource), a.destructive, a.remediationId])).toEqual([
      [{ name: 'Guardrail-DeactivateAccessKeys', owner: 'guardrail' }, ACCOUNT_ID, 'eu-west-1', { UserName: ['alice'], AutomationAssumeRole: role }, [`${alice}#deactivate-access-keys`], true, 'iam-apply-access-review'],
      [{ name: 'Guardrail-DisableConsoleAccess', owner: 'guardrail' }, ACCOUNT_ID, 'eu-west-1', { UserName: ['alice'], AutomationAssumeRole: role }, [`${alice}#disable-console`], true, 'iam-apply-access-review'],
      [{ name: 'Guardrail-RemoveUserFromGroup', owner: 'guardrail' }, ACCOUNT_ID, 'eu-west-1', { UserName: ['alice'], GroupName: ['Developers'], AutomationAssumeRole: role }, [`${alice}#remove-from-group:Developers`], true, 'iam-apply-access-review'],
    ])
  })

  it('only a missing review is manual, saying why: every revoke action has a runbook', () => {
    const plan = planFor(true)
    const manual = Object.fromEntries(plan.manual.map((m) => [m.resource, m.reason]))
    expect(Object.keys(manual)).toEqual([arnOfUser('bob')])
    expect(manual[arnOfUser('bob')]).toMatch(/^nothing decided to revoke: this finding asks for an access review decision/)
    expect(plan.manual.every((m) => m.fix === check.remediation)).toBe(true)
  })

  it('a user in a path and a group name with IAM punctuation reach the runbook as they are', () => {
    const target = { findingId: 'f', checkId: check.id, accountId: ACCOUNT_ID, region: 'global', resource: `arn:aws:iam::${ACCOUNT_ID}:user/team/a.b+c#remove-from-group:Dev,Ops=1` }
    expect(remediationById('iam-apply-access-review')!.plan(target, { ...DEFAULT_REMEDIATION_SETTINGS, passwordPolicy: { minimumLength: 14, reusePrevention: 24 } }, { iamUserId: () => undefined })).toEqual({
      accountId: ACCOUNT_ID,
      region: 'us-east-1',
      parameters: { UserName: ['a.b+c'], GroupName: ['Dev,Ops=1'] },
      runbook: 'Guardrail-RemoveUserFromGroup',
    })
  })

  it('deactivate-access-keys runs Guardrail-DeactivateAccessKeys with the user name only: the runbook lists the keys itself', () => {
    const target = { findingId: 'f', checkId: check.id, accountId: ACCOUNT_ID, region: 'global', resource: `arn:aws:iam::${ACCOUNT_ID}:user/team/a.b+c#deactivate-access-keys` }
    expect(remediationById('iam-apply-access-review')!.plan(target, { ...DEFAULT_REMEDIATION_SETTINGS, passwordPolicy: { minimumLength: 14, reusePrevention: 24 } }, { iamUserId: () => undefined })).toEqual({
      accountId: ACCOUNT_ID,
      region: 'us-east-1',
      parameters: { UserName: ['a.b+c'] },
      runbook: 'Guardrail-DeactivateAccessKeys',
    })
  })

  it('its runbooks accept exactly the names IAM allows', () => {
    const runbooks = loadOwnRunbooks().filter((r) => runbooksOf(remediationById('iam-apply-access-review')!).includes(r.name))
    expect(runbooks.map((r) => r.name).sort()).toEqual(['Guardrail-DeactivateAccessKeys', 'Guardrail-DisableConsoleAccess', 'Guardrail-RemoveUserFromGroup'])
    for (const r of runbooks) {
      const user = new RegExp(String(r.document.parameters.UserName!.allowedPattern))
      expect(user.test('a.b+c=d,e@f_g-h')).toBe(true)
      expect(user.test("alice'; rm -rf /")).toBe(false)
      expect(user.test('x'.repeat(65))).toBe(false)
    }
  })
})
