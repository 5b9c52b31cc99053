import check from '../../../src/checks/iam/user-policies-via-groups.js'
import { checkCases } from '../../support/check-cases.js'
import { account, arnOfUser, denied, user } from '../../support/builders.js'

const readOnly = { name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }
const inline = { name: 'scratch', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } }

checkCases(check, {
  pass: [{ name: 'user with permissions only through groups', snapshot: account({ users: [user({ name: 'alice', groups: ['devs'] })] }), expect: [{ resource: arnOfUser('alice') }] }],
  fail: [
    {
      name: 'attached and inline user policies; clean user passes',
      snapshot: account({ users: [user({ name: 'bob', attachedPolicies: [readOnly] }), user({ name: 'carol', inlinePolicies: [inline] }), user({ name: 'alice', groups: ['devs'] })] }),
      expect: [
        { resource: arnOfUser('bob'), evidence: { attachedPolicies: [readOnly.arn], inlinePolicies: [] } },
        { resource: arnOfUser('carol'), evidence: { attachedPolicies: [], inlinePolicies: ['scratch'] } },
      ],
    },
  ],
  not_applicable: [{ name: 'no IAM users', snapshot: account() }],
  error: [{ name: 'authorization details unreadable', snapshot: account({ authorizationDetails: denied('iam:GetAccountAuthorizationDetails') }), expect: [{ errorCode: 'AccessDenied' }] }],
})
