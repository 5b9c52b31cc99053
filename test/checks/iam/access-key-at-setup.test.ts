import { expect } from 'vitest'
import check from '../../../src/checks/iam/access-key-at-setup.js'
import { checkCases } from '../../support/check-cases.js'
import { account, arnOfUser, credentialRow, denied, NOW, ok, rootRow, user } from '../../support/builders.js'

const rowWith = (patch: Partial<ReturnType<typeof credentialRow>>, spec = user({ name: 'dana', password: true, createdDaysAgo: 100, keys: [{ ageDays: 100 }] })) =>
  ok({ generatedAt: NOW.toISOString(), users: [rootRow(), { ...credentialRow(spec), ...patch }] })

checkCases(check, {
  pass: [
    { name: 'console user whose setup key has been used', snapshot: account({ users: [user({ name: 'alice', password: true, createdDaysAgo: 100, keys: [{ ageDays: 100, lastUsedDaysAgo: 1 }] })] }) },
    { name: 'console user with a key made weeks after setup', snapshot: account({ users: [user({ name: 'alice', password: true, createdDaysAgo: 100, keys: [{ ageDays: 60 }] })] }), expect: [{ resource: arnOfUser('alice') }] },
    { name: 'console user without keys', snapshot: account({ users: [user({ name: 'alice', password: true })] }) },
    { name: 'setup key deactivated', snapshot: account({ users: [user({ name: 'alice', password: true, createdDaysAgo: 100, keys: [{ active: false, ageDays: 100 }] })] }) },
  ],
  fail: [
    {
      name: 'console user with a never-used key created with the user; key-only user ignored',
      snapshot: account({
        users: [
          user({ name: 'bob', password: true, createdDaysAgo: 100, keys: [{ ageDays: 100 }] }),
          user({ name: 'ci', createdDaysAgo: 100, keys: [{ ageDays: 100 }] }),
          user({ name: 'alice', password: true, createdDaysAgo: 100, keys: [{ ageDays: 100, lastUsedDaysAgo: 2 }] }),
        ],
      }),
      expect: [{ resource: arnOfUser('bob'), evidence: expect.objectContaining({ activeKeys: [expect.objectContaining({ slot: 1, lastUsedDate: null })] }) }],
    },
    {
      name: 'the second slot is the setup key',
      snapshot: account({ users: [user({ name: 'bob', password: true, createdDaysAgo: 100, keys: [{ ageDays: 5, lastUsedDaysAgo: 1 }, { ageDays: 100 }] })] }),
      expect: [{ resource: arnOfUser('bob'), message: expect.stringContaining('slot 2') }],
    },
    { name: 'a wider window catches a key made 2 days in', snapshot: account({ users: [user({ name: 'bob', password: true, createdDaysAgo: 100, keys: [{ ageDays: 98 }] })] }), options: { setupWindowHours: 72 }, expect: [{ resource: arnOfUser('bob') }] },
  ],
  not_applicable: [{ name: 'no console users', snapshot: account({ users: [user({ name: 'ci', keys: [{ ageDays: 400 }] })] }) }],
  error: [
    { name: 'credential report unreadable', snapshot: account({ credentialReport: denied('iam:GetCredentialReport') }), expect: [{ errorCode: 'AccessDenied' }] },
    { name: 'user creation time missing', snapshot: account({ credentialReport: rowWith({ userCreationTime: null }) }), expect: [{ resource: arnOfUser('dana'), errorCode: 'UserCreationTimeMissing' }] },
    {
      name: 'active never-used key without a creation date',
      snapshot: account({ credentialReport: rowWith({ accessKeys: [{ slot: 1, active: true, lastRotated: null, lastUsedDate: null, lastUsedRegion: null, lastUsedService: null }] }) }),
      expect: [{ resource: arnOfUser('dana'), errorCode: 'KeyDateMissing' }],
    },
  ],
})
