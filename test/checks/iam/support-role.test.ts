import check from '../../../src/checks/iam/support-role.js'
import { checkCases } from '../../support/check-cases.js'
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
