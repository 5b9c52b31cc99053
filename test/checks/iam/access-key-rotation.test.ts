import { describe, expect, it } from 'vitest'
import { ALL_CHECKS } from '../../../src/checks/index.js'
import { loadRules } from '../../../src/rules/load.js'
import check from '../../../src/checks/iam/access-key-rotation.js'
import { checkCases } from '../../support/check-cases.js'
import { account, arnOfUser, credentialRow, denied, NOW, ok, rootRow, user } from '../../support/builders.js'

checkCases(check, {
  pass: [
    { name: 'key 89 days old', snapshot: account({ users: [user({ name: 'ci', keys: [{ ageDays: 89 }] })] }), expect: [{ resource: arnOfUser('ci'), evidence: expect.objectContaining({ activeKeys: [expect.objectContaining({ slot: 1, ageDays: 89 })] }) }] },
    { name: 'old key is inactive', snapshot: account({ users: [user({ name: 'ci', keys: [{ active: false, ageDays: 400 }, { ageDays: 5 }] })] }) },
    { name: 'a longer limit configured', snapshot: account({ users: [user({ name: 'ci', keys: [{ ageDays: 150 }] })] }), options: { maxAgeDays: 180 } },
  ],
  fail: [
    {
      name: 'key 90 days old (boundary) and one 400 days old; fresh user fine',
      snapshot: account({ users: [user({ name: 'ci', keys: [{ ageDays: 90 }] }), user({ name: 'legacy', keys: [{ ageDays: 10 }, { ageDays: 400 }] }), user({ name: 'new', keys: [{ ageDays: 1 }] })] }),
      expect: [{ resource: arnOfUser('ci') }, { resource: arnOfUser('legacy'), message: expect.stringContaining('access key 2 is 400 days old') }],
    },
  ],
  not_applicable: [{ name: 'no active keys', snapshot: account({ users: [user({ name: 'human', password: true })], root: { keys: [{ ageDays: 900 }] } }) }],
  error: [
    { name: 'credential report unreadable', snapshot: account({ credentialReport: denied('iam:GetCredentialReport') }), expect: [{ errorCode: 'AccessDenied' }] },
    {
      name: 'active key without a rotation date',
      snapshot: account({
        credentialReport: ok({ generatedAt: NOW.toISOString(), users: [rootRow(), { ...credentialRow(user({ name: 'ci' })), accessKeys: [{ slot: 1, active: true, lastRotated: null, lastUsedDate: null, lastUsedRegion: null, lastUsedService: null }] }] }),
      }),
      expect: [{ resource: arnOfUser('ci'), errorCode: 'KeyDateMissing' }],
    },
  ],
})

describe('iam.access-key-rotation options', () => {
  it('rejects a misspelt option name at load time (strict schema)', () => {
    expect(() => loadRules({ checks: ALL_CHECKS, overrides: { 'iam.access-key-rotation': { options: { maxAgeDay: 30 } } } })).toThrow(/iam\.access-key-rotation[\s\S]*maxAgeDay/)
  })
  it('rejects a non-positive age', () => {
    expect(() => loadRules({ checks: ALL_CHECKS, overrides: { 'iam.access-key-rotation': { options: { maxAgeDays: 0 } } } })).toThrow(expect.objectContaining({ code: 'InvalidCheckOptions' }))
  })
})
