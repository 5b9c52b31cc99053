import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/iam/credentials-unused.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { account, arnOfUser, credentialRow, daysAgo, denied, NOW, ok, rootRow, user } from '../../support/builders.js'

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

describe('iam.credentials-unused findings', () => {
  it('a fail names each idle credential, used or never used, with its idle days and the limit; the evidence lists every credential', () => {
    const findings = runCheck(check, account({ users: [user({ name: 'bob', password: true, passwordLastUsedDaysAgo: 50, keys: [{ ageDays: 60 }, { ageDays: 100, lastUsedDaysAgo: 2 }] })] }))
    expect(findings.map((f) => [f.status, f.message])).toEqual([['fail', 'bob: console password unused for 50 days; access key 1 never used for 60 days (limit 45)']])
    expect(findings[0]!.evidence).toEqual({
      maxUnusedDays: 45,
      evaluatedAt: NOW.toISOString(),
      credentials: [
        { credential: 'console password', lastUsed: daysAgo(50), since: null, idleDays: 50 },
        { credential: 'access key 1', lastUsed: null, since: daysAgo(60), idleDays: 60 },
        { credential: 'access key 2', lastUsed: daysAgo(2), since: null, idleDays: 2 },
      ],
    })
  })

  it('idle exactly the limit fails, one day less passes, and the pass names the limit', () => {
    expect(runCheck(check, account({ users: [user({ name: 'a', keys: [{ ageDays: 100, lastUsedDaysAgo: 45 }] })] })).map((f) => f.status)).toEqual(['fail'])
    expect(runCheck(check, account({ users: [user({ name: 'a', keys: [{ ageDays: 100, lastUsedDaysAgo: 44 }] })] })).map((f) => [f.status, f.message])).toEqual([
      ['pass', 'a: every enabled credential was used in the last 45 days'],
    ])
  })

  it('a never-used password counts from its last change, else from the user’s creation', () => {
    expect(runCheck(check, account({ users: [user({ name: 'a', password: true, createdDaysAgo: 400, passwordLastChangedDaysAgo: 10 })] })).map((f) => f.status)).toEqual(['pass'])
    const row = { ...credentialRow(user({ name: 'b', password: true, createdDaysAgo: 400 })), passwordLastChanged: null }
    const findings = runCheck(check, account({ credentialReport: ok({ generatedAt: NOW.toISOString(), users: [rootRow(), row] }) }))
    expect(findings.map((f) => [f.status, f.message])).toEqual([['fail', 'b: console password never used for 400 days (limit 45)']])
  })

  it('a never-used key without a rotation date counts from the user’s creation; with no date at all, error naming the credential', () => {
    const base = credentialRow(user({ name: 'c', createdDaysAgo: 5, keys: [{}] }))
    const noRotation = { ...base, accessKeys: base.accessKeys.map((k) => ({ ...k, lastRotated: null })) }
    expect(runCheck(check, account({ credentialReport: ok({ generatedAt: NOW.toISOString(), users: [noRotation] }) })).map((f) => f.status)).toEqual(['pass'])
    const noDates = { ...noRotation, userCreationTime: null as unknown as string }
    const findings = runCheck(check, account({ credentialReport: ok({ generatedAt: NOW.toISOString(), users: [noDates] }) }))
    expect(findings.map((f) => [f.status, f.errorCode, f.message])).toEqual([['error', 'CredentialDateMissing', 'c: no usage or creation date for access key 1']])
  })

  it('a date that is not a date makes the check error, naming it', () => {
    const row = { ...credentialRow(user({ name: 'd', password: true })), passwordLastUsed: 'N/A' }
    const findings = runCheck(check, account({ credentialReport: ok({ generatedAt: NOW.toISOString(), users: [row] }) }))
    expect(findings.map((f) => [f.status, f.errorCode])).toEqual([['error', 'CheckCrashed']])
    expect(findings[0]!.message).toContain('credential report date "N/A" is not a date')
  })
})

describe('iam.credentials-unused: scope and wording', () => {
  it('leaves the root user to the root checks', () => {
    const findings = runCheck(check, account({ root: { keys: [{ ageDays: 400 }] }, users: [user({ name: 'a', keys: [{ ageDays: 100, lastUsedDaysAgo: 1 }] })] }))
    expect(findings.map((f) => f.resource)).toEqual([arnOfUser('a')])
  })

  it('names every credential without any date', () => {
    const base = credentialRow(user({ name: 'c', password: true, keys: [{}] }))
    const noDates = { ...base, userCreationTime: null as unknown as string, passwordLastChanged: null, accessKeys: base.accessKeys.map((k) => ({ ...k, lastRotated: null })) }
    expect(runCheck(check, account({ credentialReport: ok({ generatedAt: NOW.toISOString(), users: [noDates] }) }))[0]!.message).toBe('c: no usage or creation date for console password, access key 1')
  })
})
