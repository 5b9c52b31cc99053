import check from '../../../src/checks/iam/cloudshell-full-access.js'
import { checkCases } from '../../support/check-cases.js'
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
