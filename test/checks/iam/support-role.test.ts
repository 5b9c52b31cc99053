import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/iam/support-role.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { account, arnOfRole, denied, role, rootArn, user } from '../../support/builders.js'

const support = { name: 'AWSSupportAccess', arn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }

checkCases(check, {
  pass: [
    {
      name: 'a role has AWSSupportAccess',
      snapshot: account({ roles: [role('aws-support', { attachedPolicies: [support] }), role('app')] }),
      expect: [{ resource: rootArn(), evidence: { policyArn: support.arn, roles: [arnOfRole('aws-support')] } }],
    },
  ],
  fail: [
    { name: 'no roles at all', snapshot: account(), expect: [{ resource: rootArn() }] },
    {
      name: 'only a user has AWSSupportAccess; a look-alike customer policy does not count',
      snapshot: account({
        users: [user({ name: 'helpdesk', attachedPolicies: [support] })],
        roles: [role('fake', { attachedPolicies: [{ name: 'AWSSupportAccess', arn: 'arn:aws:iam::111111111111:policy/AWSSupportAccess' }] })],
      }),
      expect: [{ resource: rootArn(), evidence: { policyArn: support.arn, roles: [] } }],
    },
  ],
  error: [{ name: 'authorization details unreadable', snapshot: account({ authorizationDetails: denied('iam:GetAccountAuthorizationDetails') }), expect: [{ errorCode: 'AccessDenied' }] }],
})

describe('iam.support-role findings', () => {
  it('name the roles holding AWSSupportAccess, or say none does', () => {
    const two = runCheck(check, account({ roles: [role('support-a', { attachedPolicies: [support] }), role('support-b', { attachedPolicies: [support] })] }))
    expect(two.map((f) => [f.status, f.message])).toEqual([['pass', `AWSSupportAccess is attached to ${arnOfRole('support-a')}, ${arnOfRole('support-b')}`]])
    expect(runCheck(check, account()).map((f) => [f.status, f.message])).toEqual([['fail', 'No IAM role has AWSSupportAccess attached']])
  })

  it('looks for the policy in the snapshot’s partition', () => {
    const cn = { name: 'AWSSupportAccess', arn: 'arn:aws-cn:iam::aws:policy/AWSSupportAccess' }
    const snap = { ...account({ roles: [role('support', { attachedPolicies: [cn] })] }), partition: 'aws-cn' }
    expect(runCheck(check, snap).map((f) => [f.status, f.evidence])).toEqual([['pass', { policyArn: cn.arn, roles: [arnOfRole('support')] }]])
  })
})
