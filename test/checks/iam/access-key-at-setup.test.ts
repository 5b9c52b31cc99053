import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/iam/access-key-at-setup.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { account, arnOfUser, credentialRow, daysAgo, denied, NOW, ok, rootRow, user } from '../../support/builders.js'

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

describe('iam.access-key-at-setup findings', () => {
  const report = (...rows: ReturnType<typeof credentialRow>[]) => account({ credentialReport: ok({ generatedAt: NOW.toISOString(), users: [rootRow(), ...rows] }) })

  it('a fail names the offending slots; the evidence lists every active key', () => {
    const row = credentialRow(user({ name: 'bob', password: true, createdDaysAgo: 100, keys: [{ ageDays: 100 }, { ageDays: 100, lastUsedDaysAgo: 1 }] }))
    const findings = runCheck(check, report(row))
    expect(findings.map((f) => [f.status, f.message])).toEqual([['fail', 'bob has a console password and an access key created at setup that was never used (slot 1)']])
    expect(findings[0]!.evidence).toEqual({
      userCreationTime: daysAgo(100),
      setupWindowHours: 24,
      activeKeys: [
        { slot: 1, createdAt: daysAgo(100), lastUsedDate: null },
        { slot: 2, createdAt: daysAgo(100), lastUsedDate: daysAgo(1) },
      ],
    })
  })

  it('a key created exactly at the end of the setup window counts as at setup; one hour later does not', () => {
    const base = credentialRow(user({ name: 'w', password: true, createdDaysAgo: 100, keys: [{}] }))
    const at = (hours: number) => ({ ...base, accessKeys: base.accessKeys.map((k) => (k.slot === 1 ? { ...k, lastRotated: new Date(Date.parse(base.userCreationTime!) + hours * 3_600_000).toISOString() } : k)) })
    expect(runCheck(check, report(at(24))).map((f) => f.status)).toEqual(['fail'])
    expect(runCheck(check, report(at(25))).map((f) => [f.status, f.message])).toEqual([['pass', 'w has no never-used access key from setup']])
  })

  it('errors name the missing user creation time or the undated key slot', () => {
    const base = credentialRow(user({ name: 'x', password: true, keys: [{}] }))
    expect(runCheck(check, report({ ...base, userCreationTime: null as unknown as string })).map((f) => [f.status, f.errorCode, f.message])).toEqual([
      ['error', 'UserCreationTimeMissing', 'x: the credential report has no usable user creation time (N/A)'],
    ])
    expect(runCheck(check, report({ ...base, userCreationTime: 'garbage' }))[0]!.message).toBe('x: the credential report has no usable user creation time (garbage)')
    const undated = { ...base, accessKeys: base.accessKeys.map((k) => ({ ...k, lastRotated: null })) }
    expect(runCheck(check, report(undated)).map((f) => [f.status, f.errorCode, f.message])).toEqual([['error', 'KeyDateMissing', 'x: active access key slot 1 has no creation date in the credential report']])
  })

  it('a console user without active keys passes even without a creation time', () => {
    const base = credentialRow(user({ name: 'y', password: true }))
    expect(runCheck(check, report({ ...base, userCreationTime: null as unknown as string })).map((f) => f.status)).toEqual(['pass'])
  })
})

describe('iam.access-key-at-setup: slots and evidence', () => {
  const report = (...rows: ReturnType<typeof credentialRow>[]) => account({ credentialReport: ok({ generatedAt: NOW.toISOString(), users: [rootRow(), ...rows] }) })

  it('names every offending slot, and every undated never-used slot', () => {
    const both = credentialRow(user({ name: 'two', password: true, createdDaysAgo: 100, keys: [{ ageDays: 100 }, { ageDays: 100 }] }))
    expect(runCheck(check, report(both))[0]!.message).toBe('two has a console password and an access key created at setup that was never used (slot 1, 2)')
    const undated = { ...both, accessKeys: both.accessKeys.map((k) => ({ ...k, lastRotated: null })) }
    expect(runCheck(check, report(undated))[0]!.message).toBe('two: active access key slot 1, 2 has no creation date in the credential report')
  })

  it('an undated key that has been used is not a never-used setup key: pass, with the evidence', () => {
    const row = credentialRow(user({ name: 'u', password: true, createdDaysAgo: 100, keys: [{ ageDays: 100, lastUsedDaysAgo: 3 }] }))
    const undated = { ...row, accessKeys: row.accessKeys.map((k) => ({ ...k, lastRotated: null })) }
    expect(runCheck(check, report(undated)).map((f) => [f.status, f.evidence])).toEqual([
      ['pass', { userCreationTime: daysAgo(100), setupWindowHours: 24, activeKeys: [{ slot: 1, createdAt: null, lastUsedDate: daysAgo(3) }] }],
    ])
  })
})
