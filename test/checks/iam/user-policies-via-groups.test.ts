import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/iam/user-policies-via-groups.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
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

describe('iam.user-policies-via-groups messages', () => {
  const byUser = (users: Parameters<typeof user>[0][]) =>
    Object.fromEntries(runCheck(check, account({ users: users.map(user) })).map((f) => [f.resource, [f.status, f.message]]))

  it('names each kind of own policy, and only the kinds the user has', () => {
    const other = { name: 'Billing', arn: 'arn:aws:iam::aws:policy/job-function/Billing' }
    expect(
      byUser([
        { name: 'alice', groups: ['devs'] },
        { name: 'bob', attachedPolicies: [readOnly, other] },
        { name: 'carol', inlinePolicies: [inline, { ...inline, name: 'more' }] },
        { name: 'dave', attachedPolicies: [readOnly], inlinePolicies: [inline] },
      ]),
    ).toEqual({
      [arnOfUser('alice')]: ['pass', 'alice has no policies of its own'],
      [arnOfUser('bob')]: ['fail', `bob has policies of its own (attached: ${readOnly.arn}, ${other.arn})`],
      [arnOfUser('carol')]: ['fail', 'carol has policies of its own (inline: scratch, more)'],
      [arnOfUser('dave')]: ['fail', `dave has policies of its own (attached: ${readOnly.arn}; inline: scratch)`],
    })
  })
})
