import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/iam/single-active-key.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { account, arnOfUser, daysAgo, denied, user } from '../../support/builders.js'

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

describe('iam.single-active-key findings', () => {
  it('count the active keys and list only those as evidence', () => {
    const findings = runCheck(
      check,
      account({ users: [user({ name: 'one', keys: [{ ageDays: 5 }, { active: false, ageDays: 50 }] }), user({ name: 'two', keys: [{ ageDays: 10, lastUsedDaysAgo: 2 }, { ageDays: 100 }] })] }),
    )
    expect(findings.map((f) => [f.resource, f.status, f.message, f.evidence])).toEqual([
      [arnOfUser('one'), 'pass', 'one has one active access key', { activeKeys: [{ slot: 1, createdAt: daysAgo(5), lastUsedDate: null }] }],
      [
        arnOfUser('two'),
        'fail',
        'two has 2 active access keys',
        {
          activeKeys: [
            { slot: 1, createdAt: daysAgo(10), lastUsedDate: daysAgo(2) },
            { slot: 2, createdAt: daysAgo(100), lastUsedDate: null },
          ],
        },
      ],
    ])
  })
})

describe('iam.single-active-key: scope', () => {
  it('leaves the root user to the root checks', () => {
    const findings = runCheck(check, account({ root: { keys: [{}, {}] }, users: [user({ name: 'ci', keys: [{}] })] }))
    expect(findings.map((f) => f.resource)).toEqual([arnOfUser('ci')])
  })
})
