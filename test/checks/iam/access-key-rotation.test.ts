import { describe, expect, it } from 'vitest'
import { ALL_CHECKS } from '../../../src/checks/index.js'
import { loadRules } from '../../../src/rules/load.js'
import check from '../../../src/checks/iam/access-key-rotation.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { account, arnOfUser, credentialRow, daysAgo, denied, NOW, ok, rootRow, user } from '../../support/builders.js'

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

describe('iam.access-key-rotation findings', () => {
  it('a fail names each old key with its age and the limit; the evidence lists every active key', () => {
    const findings = runCheck(check, account({ users: [user({ name: 'ci', keys: [{ ageDays: 120 }, { ageDays: 90 }] }), user({ name: 'ok', keys: [{ ageDays: 89 }, { active: false, ageDays: 500 }] })] }))
    expect(findings.map((f) => [f.resource, f.status, f.message])).toEqual([
      [arnOfUser('ci'), 'fail', 'ci: access key 1 is 120 days old; access key 2 is 90 days old (limit 90)'],
      [arnOfUser('ok'), 'pass', 'ok: every active access key is younger than 90 days'],
    ])
    expect(findings[1]!.evidence).toEqual({ maxAgeDays: 90, evaluatedAt: NOW.toISOString(), activeKeys: [{ slot: 1, lastRotated: daysAgo(89), ageDays: 89 }] })
  })

  it('an active key without a creation date is an error naming its slot, unless another key already fails', () => {
    const base = credentialRow(user({ name: 'u', keys: [{ ageDays: 10 }, { ageDays: 10 }] }))
    const undated = { ...base, accessKeys: base.accessKeys.map((k) => (k.slot === 2 ? { ...k, lastRotated: null } : k)) }
    const findings = runCheck(check, account({ credentialReport: ok({ generatedAt: NOW.toISOString(), users: [undated] }) }))
    expect(findings.map((f) => [f.status, f.errorCode, f.message])).toEqual([['error', 'KeyDateMissing', 'u: active access key slot 2 has no creation date in the credential report']])
    const oldAndUndated = { ...undated, accessKeys: undated.accessKeys.map((k) => (k.slot === 1 ? { ...k, lastRotated: daysAgo(200) } : k)) }
    expect(runCheck(check, account({ credentialReport: ok({ generatedAt: NOW.toISOString(), users: [oldAndUndated] }) })).map((f) => f.status)).toEqual(['fail'])
  })
})

describe('iam.access-key-rotation: evidence and slots', () => {
  it('a fail carries the evidence; every undated slot is named', () => {
    const [f] = runCheck(check, account({ users: [user({ name: 'ci', keys: [{ ageDays: 120 }] })] }))
    expect(f!.evidence).toEqual({ maxAgeDays: 90, evaluatedAt: NOW.toISOString(), activeKeys: [{ slot: 1, lastRotated: daysAgo(120), ageDays: 120 }] })
    const row = credentialRow(user({ name: 'u', keys: [{}, {}] }))
    const undated = { ...row, accessKeys: row.accessKeys.map((k) => ({ ...k, lastRotated: null })) }
    expect(runCheck(check, account({ credentialReport: ok({ generatedAt: NOW.toISOString(), users: [undated] }) }))[0]!.message).toBe('u: active access key slot 1, 2 has no creation date in the credential report')
  })
})
