import { expect } from 'vitest'
import check from '../../../src/checks/iam/users-in-identity-account.js'
import { checkCases } from '../../support/check-cases.js'
import { accountSnapshot, arnOfUser, denied, rootArn, snapshot, user } from '../../support/builders.js'
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
