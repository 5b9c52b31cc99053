import { expect } from 'vitest'
import check from '../../../src/checks/iam/single-active-key.js'
import { checkCases } from '../../support/check-cases.js'
import { account, arnOfUser, denied, user } from '../../support/builders.js'

checkCases(check, {
  pass: [
    { name: 'one active key', snapshot: account({ users: [user({ name: 'ci', keys: [{ ageDays: 10 }] })] }), expect: [{ resource: arnOfUser('ci') }] },
    { name: 'one active and one inactive key', snapshot: account({ users: [user({ name: 'ci', keys: [{ ageDays: 10 }, { active: false, ageDays: 100 }] })] }) },
  ],
  fail: [
    {
      name: 'two active keys; single-key and keyless users ignored',
      snapshot: account({ users: [user({ name: 'ci', keys: [{ ageDays: 10 }, { ageDays: 100, lastUsedDaysAgo: 1 }] }), user({ name: 'ok', keys: [{}] }), user({ name: 'human', password: true })] }),
      expect: [{ resource: arnOfUser('ci'), evidence: { activeKeys: [expect.objectContaining({ slot: 1 }), expect.objectContaining({ slot: 2 })] } }],
    },
  ],
  not_applicable: [{ name: 'no user has an active key', snapshot: account({ users: [user({ name: 'human', password: true, mfa: true }), user({ name: 'old', keys: [{ active: false }] })] }) }],
  error: [{ name: 'credential report unreadable', snapshot: account({ credentialReport: denied('iam:GetCredentialReport') }), expect: [{ errorCode: 'AccessDenied' }] }],
})
