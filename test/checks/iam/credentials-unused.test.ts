import { expect } from 'vitest'
import check from '../../../src/checks/iam/credentials-unused.js'
import { checkCases } from '../../support/check-cases.js'
import { account, arnOfUser, credentialRow, denied, NOW, ok, rootRow, user } from '../../support/builders.js'

checkCases(check, {
  pass: [
    {
      name: 'password and key used recently',
      snapshot: account({ users: [user({ name: 'alice', password: true, passwordLastUsedDaysAgo: 2, keys: [{ ageDays: 80, lastUsedDaysAgo: 44 }] })] }),
      expect: [{ resource: arnOfUser('alice'), evidence: expect.objectContaining({ credentials: [expect.objectContaining({ credential: 'console password', idleDays: 2 }), expect.objectContaining({ credential: 'access key 1', idleDays: 44 })] }) }],
    },
    { name: 'new password never used yet (set 10 days ago)', snapshot: account({ users: [user({ name: 'new', password: true, createdDaysAgo: 10 })] }) },
    { name: 'idle key already deactivated', snapshot: account({ users: [user({ name: 'alice', password: true, passwordLastUsedDaysAgo: 1, keys: [{ active: false, ageDays: 300, lastUsedDaysAgo: 200 }] })] }) },
    { name: 'a longer limit configured', snapshot: account({ users: [user({ name: 'alice', password: true, passwordLastUsedDaysAgo: 60 })] }), options: { maxUnusedDays: 90 } },
  ],
  fail: [
    {
      name: 'password unused for 45 days (boundary), key-only user idle, fresh user fine',
      snapshot: account({
        users: [
          user({ name: 'bob', password: true, passwordLastUsedDaysAgo: 45 }),
          user({ name: 'ci', keys: [{ ageDays: 200, lastUsedDaysAgo: 100 }] }),
          user({ name: 'alice', password: true, passwordLastUsedDaysAgo: 1 }),
        ],
      }),
      expect: [{ resource: arnOfUser('bob') }, { resource: arnOfUser('ci'), message: expect.stringContaining('access key 1 unused for 100 days') }],
    },
    {
      name: 'password set 60 days ago and never used',
      snapshot: account({ users: [user({ name: 'carol', password: true, createdDaysAgo: 300, passwordLastChangedDaysAgo: 60 })] }),
      expect: [{ resource: arnOfUser('carol'), message: expect.stringContaining('console password never used for 60 days') }],
    },
    { name: 'key created 50 days ago and never used', snapshot: account({ users: [user({ name: 'ci', keys: [{ ageDays: 50 }] })] }), expect: [{ resource: arnOfUser('ci') }] },
  ],
  not_applicable: [
    { name: 'users without any enabled credential', snapshot: account({ users: [user({ name: 'svc' }), user({ name: 'old', keys: [{ active: false, ageDays: 500 }] })] }) },
    { name: 'root is out of scope (root-usage covers it)', snapshot: account({ root: { passwordLastUsedDaysAgo: 300 } }) },
  ],
  error: [
    { name: 'credential report unreadable', snapshot: account({ credentialReport: denied('iam:GetCredentialReport') }), expect: [{ errorCode: 'AccessDenied' }] },
    {
      name: 'never-used password with no date to count from',
      snapshot: account({ credentialReport: ok({ generatedAt: NOW.toISOString(), users: [rootRow(), { ...credentialRow(user({ name: 'dana', password: true })), userCreationTime: null, passwordLastChanged: null }] }) }),
      expect: [{ resource: arnOfUser('dana'), errorCode: 'CredentialDateMissing' }],
    },
  ],
})
