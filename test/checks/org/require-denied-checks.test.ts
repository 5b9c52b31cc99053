// The SCP checks built on requireDenied (src/scp/org-view.ts, tested there): each names what it
// protects and which actions, so a report reader can tell the findings apart.
import { describe, expect, it } from 'vitest'
import type { AnyCheck } from '../../../src/checks/define.js'
import scpDenyLeave from '../../../src/checks/org/scp-deny-leave.js'
import scpDenyRoot from '../../../src/checks/org/scp-deny-root.js'
import scpProtectCloudtrail from '../../../src/checks/org/scp-protect-cloudtrail.js'
import scpProtectConfig from '../../../src/checks/org/scp-protect-config.js'
import scpProtectSecurityServices from '../../../src/checks/org/scp-protect-security-services.js'
import scpSandboxNoIamUsers from '../../../src/checks/org/scp-sandbox-no-iam-users.js'
import { DEFAULT_ORG_SETTINGS } from '../../../src/rules/schema.js'
import { runCheck } from '../../support/check-cases.js'
import { denyStatement, orgSnapshot, policyDocument, ROOT_ID } from '../../support/org-builders.js'

const MEMBER = '222222222222'
const sandbox = { ...DEFAULT_ORG_SETTINGS, sandboxOus: ['Sandbox'] }
const disabled = orgSnapshot({ scpEnabled: false, ous: [{ id: 'ou-sand', name: 'Sandbox' }], accounts: [{ id: MEMBER, name: 'app', parent: 'ou-sand' }] })

describe('SCP checks on an organization with SCPs disabled', () => {
  it.each([
    [scpDenyLeave, 'Organization membership', ['organizations:LeaveOrganization']],
    [scpDenyRoot, 'The root user', undefined],
    [scpProtectCloudtrail, 'CloudTrail', undefined],
    [scpProtectConfig, 'AWS Config', undefined],
    [scpProtectSecurityServices, 'GuardDuty / Security Hub / Access Analyzer', undefined],
    [scpSandboxNoIamUsers, 'IAM user creation', ['iam:CreateUser', 'iam:CreateAccessKey']],
  ] as [AnyCheck, string, string[] | undefined][])('%# fails each member, naming what is unprotected and the actions', (check, subject, actions) => {
    const findings = runCheck(check, disabled, undefined, undefined, sandbox).filter((f) => f.accountId === MEMBER)
    expect(findings.map((f) => f.status)).toEqual(['fail'])
    expect(findings[0]!.message).toMatch(new RegExp(`^${subject.replace(/[/]/g, '\\/')} is not protected in app: `))
    if (actions) expect(findings[0]!.evidence).toMatchObject({ actions })
  })

  it('the configured actions are the ones checked', () => {
    const findings = runCheck(scpProtectConfig, disabled, { actions: ['config:PutConfigRule'] }).filter((f) => f.accountId === MEMBER)
    expect(findings[0]!.evidence).toMatchObject({ actions: ['config:PutConfigRule'] })
  })
})

describe('org.scp-deny-root', () => {
  it('evaluates the chain for the member’s root user, in the snapshot’s partition', () => {
    const snap = orgSnapshot({
      accounts: [{ id: MEMBER }],
      scps: [{ id: 'p-root', document: policyDocument(denyStatement('*', { Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws-cn:iam::*:root' } } })), targets: [ROOT_ID] }],
    })
    const findings = runCheck(scpDenyRoot, { ...snap, partition: 'aws-cn' }).filter((f) => f.accountId === MEMBER)
    expect(findings.map((f) => [f.status, f.evidence?.principalArn])).toEqual([['pass', `arn:aws-cn:iam::${MEMBER}:root`]])
  })
})
