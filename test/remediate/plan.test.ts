// buildPlan is pure: a table of findings in, the actions and manual items out. Every row names what it
// proves; the plan hash covers every field.
import { describe, expect, it } from 'vitest'
import { ALL_CHECKS } from '../../src/checks/index.js'
import { DEFAULT_REMEDIATION_SETTINGS } from '../../src/config/schema.js'
import { findingId } from '../../src/core/finding-id.js'
import type { RemediationSettings } from '../../src/remediate/catalogue.js'
import { buildPlan, planHash, type PlanSelection } from '../../src/remediate/plan.js'
import { planSchema } from '../../src/remediate/plan-schema.js'
import type { FindingsReport } from '../../src/report/schema.js'
import { syntheticReport } from '../support/synthetic-report.js'

const MGMT = '111111111111'
const MEMBER = '222222222222'
type F = FindingsReport['findings'][number]
const finding = (checkId: string, accountId: string, region: string, resource: string, extra: Partial<F> = {}): F => ({
  id: findingId(checkId, accountId, region, resource),
  checkId,
  status: 'fail',
  severity: 'high',
  accountId,
  region,
  resource,
  message: `${checkId} fails`,
  frameworks: {},
  ...extra,
})
const base = syntheticReport({ findings: 1 })
const report = (findings: F[]): FindingsReport => ({ ...base, findings })
const CHECKS = new Map(ALL_CHECKS.map((c) => [c.id, { remediationId: c.remediationId, remediation: c.remediation }]))
const SETTINGS: RemediationSettings = { ...DEFAULT_REMEDIATION_SETTINGS, passwordPolicy: { minimumLength: 14, reusePrevention: 24 } }
const USERS: Record<string, string> = { [`arn:aws:iam::${MEMBER}:user/alice`]: 'AIDAALICE0000000000' }

function plan(findings: F[], selection: Partial<PlanSelection> = {}, settings: Partial<RemediationSettings> = {}) {
  return buildPlan({
    findings: report(findings),
    source: { findings: 'findings.json', findingsSha256: '0'.repeat(64), asOf: base.run.asOf, regions: base.run.regions },
    selection: { includeDestructive: false, ...selection },
    settings: { ...SETTINGS, ...settings },
    lookups: { iamUserId: (arn) => USERS[arn] },
    checks: CHECKS,
    tool: { name: 'guardrail', version: 'test' },
    now: new Date('2026-06-01T12:00:00Z'),
  })
}

const trail = `arn:aws:cloudtrail:eu-west-1:${MGMT}:trail/org-trail`

describe('buildPlan', () => {
  it.each([
    ['password policy: strong parameters, run in the home region for a global finding', [finding('iam.password-policy', MEMBER, 'global', `arn:aws:iam::${MEMBER}:root`)], {}, {}, [
      ['AWSConfigRemediation-SetIAMPasswordPolicy', MEMBER, 'us-east-1', { MinimumPasswordLength: ['14'], PasswordReusePrevention: ['24'], RequireSymbols: ['true'], HardExpiry: ['false'], AutomationAssumeRole: [`arn:aws:iam::${MEMBER}:role/GuardrailRemediation`] }],
    ], []],
    ['an organization trail failing in two members: one execution, in the trail\'s own account and region', [finding('cloudtrail.log-validation', MEMBER, 'us-east-1', trail), finding('cloudtrail.log-validation', '333333333333', 'us-east-1', trail)], {}, {}, [
      ['AWSConfigRemediation-EnableCloudTrailLogFileValidation', MGMT, 'eu-west-1', { TrailName: ['org-trail'], AutomationAssumeRole: [`arn:aws:iam::${MGMT}:role/GuardrailRemediation`] }],
    ], []],
    ['a destructive fix is not planned by default: listed as manual with why', [finding('iam.user-policies-via-groups', MEMBER, 'global', `arn:aws:iam::${MEMBER}:user/alice`)], {}, {}, [], [/destructive .* planned only with --include-destructive/]],
    ['…and planned, marked destructive, with the user id from the snapshot, when asked for', [finding('iam.user-policies-via-groups', MEMBER, 'global', `arn:aws:iam::${MEMBER}:user/alice`)], { includeDestructive: true }, {}, [
      ['AWSConfigRemediation-RemoveUserPolicies', MEMBER, 'us-east-1', { IAMUserID: ['AIDAALICE0000000000'], PolicyType: ['All'] }],
    ], []],
    ['a user the snapshot does not hold cannot be targeted', [finding('iam.user-policies-via-groups', MEMBER, 'global', `arn:aws:iam::${MEMBER}:user/bob`)], { includeDestructive: true }, {}, [], [/snapshot does not hold IAM user .*bob/]],
    ['no runbook for the check: manual, with the check\'s own fix', [finding('iam.root-mfa', MEMBER, 'global', `arn:aws:iam::${MEMBER}:root`)], {}, {}, [], [/no automatic fix/]],
    ['a fix needing a setting that is not configured: manual, naming the setting', [finding('org.security-contact', MEMBER, 'global', `arn:aws:iam::${MEMBER}:root`)], {}, {}, [], [/remediation\.securityContact/]],
    ['…planned once the setting is there', [finding('org.security-contact', MEMBER, 'global', `arn:aws:iam::${MEMBER}:root`)], {}, { securityContact: { name: 'Sec', title: 'Team', emailAddress: 'sec@example.com', phoneNumber: '+10000000' } }, [
      ['Guardrail-SetSecurityAlternateContact', MEMBER, 'us-east-1', { EmailAddress: ['sec@example.com'] }],
    ], []],
    ['a suspended GuardDuty detector is not created again', [finding('guardduty.enabled', MEMBER, 'eu-west-1', `arn:aws:iam::${MEMBER}:root`, { evidence: { detectors: [{ detectorId: 'd1', status: 'DISABLED' }] } })], {}, {}, [], [/suspended detector exists/]],
    ['passing, erroring and muted findings are never planned', [
      finding('iam.password-policy', MEMBER, 'global', `arn:aws:iam::${MEMBER}:root`, { status: 'pass' }),
      finding('securityhub.enabled', MEMBER, 'eu-west-1', `arn:aws:iam::${MEMBER}:root`, { status: 'error', errorCode: 'AccessDenied' }),
      finding('kms.key-rotation', MEMBER, 'eu-west-1', `arn:aws:kms:eu-west-1:${MEMBER}:key/k1`, { muted: { reason: 'r', owner: 'o', expires: '2027-01-01' } }),
    ], {}, {}, [], []],
    ['the selection narrows by check glob, account and region', [
      finding('securityhub.enabled', MEMBER, 'eu-west-1', `arn:aws:iam::${MEMBER}:root`),
      finding('securityhub.enabled', MGMT, 'eu-west-1', `arn:aws:iam::${MGMT}:root`),
      finding('guardduty.enabled', MEMBER, 'eu-west-1', `arn:aws:iam::${MEMBER}:root`),
      finding('securityhub.enabled', MEMBER, 'us-east-1', `arn:aws:iam::${MEMBER}:root`),
    ], { checks: ['security*'], accounts: [MEMBER], regions: ['eu-west-1'] }, {}, [
      ['AWSConfigRemediation-EnableSecurityHub', MEMBER, 'eu-west-1', { EnableDefaultStandards: ['true'] }],
    ], []],
  ] as const)('%s', (_name, findings, selection, settings, expected, manualReasons) => {
    const p = plan([...findings], selection, settings)
    expect(planSchema.safeParse(p).success).toBe(true)
    expect(p.actions.map((a) => [a.runbook.name, a.accountId, a.region])).toEqual(expected.map(([r, acc, reg]) => [r, acc, reg]))
    p.actions.forEach((a, i) => expect(a.parameters).toMatchObject(expected[i]![3]))
    expect(p.manual.map((m) => m.reason)).toHaveLength(manualReasons.length)
    p.manual.forEach((m, i) => {
      expect(m.reason).toMatch(manualReasons[i]!)
      expect(m.fix).toBe(CHECKS.get(m.checkId)!.remediation)
    })
  })

  it('groups findings that need the same execution, and counts muted ones', () => {
    const p = plan([finding('cloudtrail.log-validation', MEMBER, 'us-east-1', trail), finding('cloudtrail.log-validation', '333333333333', 'us-east-1', trail), finding('kms.key-rotation', MEMBER, 'eu-west-1', 'arn:aws:kms:eu-west-1:222222222222:key/k1', { muted: { reason: 'r', owner: 'o', expires: '2027-01-01' } })])
    expect(p.actions).toHaveLength(1)
    expect(p.actions[0]!.findings.map((f) => f.accountId)).toEqual([MEMBER, '333333333333'])
    expect(p.mutedSkipped).toBe(1)
  })

  it('is deterministic, and its hash changes with any field', () => {
    const findings = [finding('iam.password-policy', MEMBER, 'global', `arn:aws:iam::${MEMBER}:root`)]
    const a = plan(findings)
    expect(plan(findings)).toEqual(a)
    expect(planHash(a)).toBe(a.hash)
    const tampered = structuredClone(a)
    tampered.actions[0]!.parameters.MinimumPasswordLength = ['8']
    expect(planHash(tampered)).not.toBe(a.hash)
    expect(planHash({ ...a, createdAt: '2026-06-02T12:00:00.000Z' })).not.toBe(a.hash)
    // Key order does not matter.
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as typeof a
    expect(planHash(reordered)).toBe(a.hash)
  })
})
