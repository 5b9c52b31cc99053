import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/iam/cloudshell-full-access.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { account, arnOfRole, arnOfUser, denied, group, managedPolicy, role, rootArn, user } from '../../support/builders.js'

const cloudShell = { name: 'AWSCloudShellFullAccess', arn: 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess' }
const cloudShellPolicy = (attachmentCount: number) => managedPolicy('AWSCloudShellFullAccess', { Statement: [{ Effect: 'Allow', Action: 'cloudshell:*', Resource: '*' }] }, { awsManaged: true, attachmentCount })

checkCases(check, {
  pass: [
    { name: 'attached to no one', snapshot: account({ users: [user({ name: 'alice' })], roles: [role('app')] }), expect: [{ resource: rootArn() }] },
    { name: 'policy known with zero attachments', snapshot: account({ policies: [cloudShellPolicy(0)] }) },
  ],
  fail: [
    {
      name: 'attached to a user, a group and a role',
      snapshot: account({
        users: [user({ name: 'bob', attachedPolicies: [cloudShell] }), user({ name: 'alice' })],
        groups: [group('devs', { attachedPolicies: [cloudShell] })],
        roles: [role('admin', { attachedPolicies: [cloudShell] })],
        policies: [cloudShellPolicy(3)],
      }),
      expect: [{ resource: arnOfUser('bob') }, { resource: 'arn:aws:iam::111111111111:group/devs' }, { resource: arnOfRole('admin'), evidence: { policyArn: cloudShell.arn, principalType: 'role' } }],
    },
  ],
  error: [
    { name: 'authorization details unreadable', snapshot: account({ authorizationDetails: denied('iam:GetAccountAuthorizationDetails') }), expect: [{ errorCode: 'AccessDenied' }] },
    { name: 'policy reports attachments no principal accounts for', snapshot: account({ policies: [cloudShellPolicy(2)] }), expect: [{ resource: cloudShell.arn, errorCode: 'InconsistentAuthorizationDetails' }] },
  ],
})

describe('iam.cloudshell-full-access findings', () => {
  it('name the kind and name of each holder, and the evidence says which', () => {
    const findings = runCheck(
      check,
      account({ users: [user({ name: 'bob', attachedPolicies: [cloudShell] })], groups: [group('devs', { attachedPolicies: [cloudShell] })], roles: [role('admin', { attachedPolicies: [cloudShell] })] }),
    )
    // Findings come sorted by resource: group/…, role/…, user/….
    expect(findings.map((f) => [f.status, f.message, f.evidence])).toEqual([
      ['fail', 'AWSCloudShellFullAccess is attached to group devs', { policyArn: cloudShell.arn, principalType: 'group' }],
      ['fail', 'AWSCloudShellFullAccess is attached to role admin', { policyArn: cloudShell.arn, principalType: 'role' }],
      ['fail', 'AWSCloudShellFullAccess is attached to user bob', { policyArn: cloudShell.arn, principalType: 'user' }],
    ])
  })

  it('pass and inconsistency messages', () => {
    expect(runCheck(check, account()).map((f) => [f.status, f.message, f.evidence])).toEqual([['pass', 'AWSCloudShellFullAccess is attached to no user, group or role', { policyArn: cloudShell.arn, attachments: 0 }]])
    expect(runCheck(check, account({ policies: [cloudShellPolicy(2)] })).map((f) => f.message)).toEqual(['AWSCloudShellFullAccess reports 2 attachment(s) but no user, group or role in the snapshot holds it'])
  })

  it('looks for the policy in the snapshot’s partition', () => {
    const cn = { name: 'AWSCloudShellFullAccess', arn: 'arn:aws-cn:iam::aws:policy/AWSCloudShellFullAccess' }
    const snap = { ...account({ users: [user({ name: 'bob', attachedPolicies: [cn] })] }), partition: 'aws-cn' }
    expect(runCheck(check, snap).map((f) => f.status)).toEqual(['fail'])
  })
})

describe('iam.cloudshell-full-access: only that policy counts', () => {
  it('other attached policies, and other policies’ attachment counts, do not matter', () => {
    const readOnly = { name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }
    const snap = account({ users: [user({ name: 'alice', attachedPolicies: [readOnly] })], policies: [managedPolicy('ReadOnlyAccess', { Statement: [] }, { awsManaged: true, attachmentCount: 5 })] })
    expect(runCheck(check, snap).map((f) => f.status)).toEqual(['pass'])
  })
})
