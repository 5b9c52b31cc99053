import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/iam/root-usage.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { account, daysAgo, denied, NOW, ok, reportWithoutRoot, rootArn, rootRow } from '../../support/builders.js'

checkCases(check, {
  pass: [
    { name: 'root never used', snapshot: account({ root: { passwordLastUsedDaysAgo: null } }), expect: [{ resource: rootArn(), evidence: expect.objectContaining({ lastUses: [] }) }] },
    { name: 'root last signed in 31 days ago', snapshot: account({ root: { passwordLastUsedDaysAgo: 31 } }) },
    { name: 'a longer window configured', snapshot: account({ root: { passwordLastUsedDaysAgo: 20 } }), options: { windowDays: 10 } },
  ],
  fail: [
    { name: 'root signed in 3 days ago', snapshot: account({ root: { passwordLastUsedDaysAgo: 3 } }), expect: [{ resource: rootArn() }] },
    { name: 'root access key used 29 days ago (password not)', snapshot: account({ root: { keys: [{ ageDays: 400, lastUsedDaysAgo: 29 }] } }), expect: [{ resource: rootArn(), message: expect.stringContaining('access key 1') }] },
  ],
  error: [
    {
      name: 'no root row (moto): never a pass, even if the summary is fine',
      snapshot: account({ credentialReport: reportWithoutRoot([]), accountSummary: ok({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 }) }),
      expect: [{ errorCode: 'RootRowMissing' }],
    },
    { name: 'credential report unreadable', snapshot: account({ credentialReport: denied('iam:GetCredentialReport') }), expect: [{ errorCode: 'AccessDenied' }] },
  ],
})

describe('iam.root-usage findings', () => {
  it('a fail lists each recent use; the evidence lists every known use with the window', () => {
    const findings = runCheck(check, account({ root: { passwordLastUsedDaysAgo: 3, keys: [{ lastUsedDaysAgo: 200 }, { lastUsedDaysAgo: 30 }] } }))
    expect(findings.map((f) => [f.status, f.message])).toEqual([['fail', `The root user was used in the last 30 days: password on ${daysAgo(3)}, access key 2 on ${daysAgo(30)}`]])
    expect(findings[0]!.evidence).toEqual({
      windowDays: 30,
      evaluatedAt: NOW.toISOString(),
      lastUses: [
        { credential: 'password', lastUsed: daysAgo(3) },
        { credential: 'access key 1', lastUsed: daysAgo(200) },
        { credential: 'access key 2', lastUsed: daysAgo(30) },
      ],
    })
  })

  it('a pass names the window', () => {
    expect(runCheck(check, account({ root: { passwordLastUsedDaysAgo: 12 } }), { windowDays: 10 }).map((f) => [f.status, f.message])).toEqual([['pass', 'The root user has not been used in the last 10 days']])
  })

  it('a last-used date that is not a date makes the check error, naming it', () => {
    const report = reportWithoutRoot([])
    if (report.kind !== 'ok') throw new Error('fixture')
    const root = { ...rootRow(), passwordLastUsed: 'yesterday' }
    const findings = runCheck(check, account({ credentialReport: ok({ ...report.value, users: [root] }) }))
    expect(findings.map((f) => [f.status, f.errorCode])).toEqual([['error', 'CheckCrashed']])
    expect(findings[0]!.message).toContain('root password last-used date "yesterday" is not a date')
  })

  it('says why when the root row is missing', () => {
    expect(runCheck(check, account({ credentialReport: reportWithoutRoot([]) }))[0]!.message).toBe('The credential report has no <root_account> row, so root usage cannot be determined')
  })
})
