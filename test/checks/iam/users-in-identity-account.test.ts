import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/iam/users-in-identity-account.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { accountSnapshot, arnOfUser, daysAgo, denied, rootArn, snapshot, user } from '../../support/builders.js'
import { DEFAULT_ORG_SETTINGS } from '../../../src/rules/schema.js'

const IDENTITY = '111111111111'
const WORKLOAD = '222222222222'
const identity = { ...DEFAULT_ORG_SETTINGS, identityAccounts: [IDENTITY] }

checkCases(check, {
  pass: [
    { name: 'users in the identity account', snapshot: snapshot(accountSnapshot({ accountId: IDENTITY, users: [user({ name: 'alice' })] })), settings: identity, expect: [{ accountId: IDENTITY }] },
    { name: 'workload account without users (even with nothing configured)', snapshot: snapshot(accountSnapshot({ accountId: WORKLOAD })), expect: [{ accountId: WORKLOAD, resource: rootArn(WORKLOAD) }] },
  ],
  fail: [
    {
      name: 'one finding per user outside the identity account',
      snapshot: snapshot(accountSnapshot({ accountId: IDENTITY, users: [user({ name: 'alice' })] }), accountSnapshot({ accountId: WORKLOAD, users: [user({ name: 'ci' }), user({ name: 'bob' })] })),
      settings: identity,
      expect: [
        { accountId: WORKLOAD, resource: arnOfUser('ci', WORKLOAD) },
        { accountId: WORKLOAD, resource: arnOfUser('bob', WORKLOAD) },
      ],
    },
  ],
  error: [
    { name: 'users present but no identity account configured', snapshot: snapshot(accountSnapshot({ accountId: WORKLOAD, users: [user({ name: 'ci' })] })), expect: [{ errorCode: 'IdentityAccountNotConfigured', message: expect.stringContaining('organization.identityAccounts') }] },
    { name: 'authorization details unreadable', snapshot: snapshot(accountSnapshot({ accountId: WORKLOAD, authorizationDetails: denied('iam:GetAccountAuthorizationDetails') })), settings: identity, expect: [{ errorCode: 'AccessDenied' }] },
  ],
})

describe('iam.users-in-identity-account findings', () => {
  const run = (accountId: string, names: string[], settings = identity) => runCheck(check, snapshot(accountSnapshot({ accountId, users: names.map((name) => user({ name })) })), undefined, undefined, settings)

  it('messages and evidence for each verdict', () => {
    expect(run(WORKLOAD, []).map((f) => [f.status, f.message, f.evidence])).toEqual([['pass', 'The account has no IAM users', undefined]])
    expect(run(IDENTITY, ['a', 'b']).map((f) => [f.status, f.message, f.evidence])).toEqual([
      ['pass', 'This is the identity account: its 2 IAM user(s) are expected here', { identityAccounts: [IDENTITY], userCount: 2 }],
    ])
    const two = { ...DEFAULT_ORG_SETTINGS, identityAccounts: [IDENTITY, '999999999999'] }
    expect(run(WORKLOAD, ['ci'], two).map((f) => [f.status, f.message, f.evidence])).toEqual([
      ['fail', `IAM user ci exists outside the identity account (${IDENTITY}, 999999999999)`, { identityAccounts: [IDENTITY, '999999999999'], userCreated: daysAgo(400) }],
    ])
    expect(run(WORKLOAD, ['ci', 'bob'], DEFAULT_ORG_SETTINGS)[0]!.message).toBe(
      'The account has 2 IAM user(s), but no identity account is configured, so the check cannot tell whether they belong here. Name it in guardrail.config.yaml under organization.identityAccounts.',
    )
  })
})
