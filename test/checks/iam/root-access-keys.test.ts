import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/iam/root-access-keys.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { account, daysAgo, denied, ok, reportWithoutRoot, rootArn, user } from '../../support/builders.js'

checkCases(check, {
  pass: [
    { name: 'root row without keys, summary agrees', snapshot: account(), expect: [{ resource: rootArn(), evidence: expect.objectContaining({ credentialReportKeys: [], accountSummaryAccountAccessKeysPresent: 0 }) }] },
    {
      name: 'no root row (moto): the account summary decides and says so',
      snapshot: account({ credentialReport: reportWithoutRoot([user({ name: 'ci', keys: [{}] })]), accountSummary: ok({ AccountAccessKeysPresent: 0 }) }),
      expect: [{ evidence: expect.objectContaining({ source: expect.stringContaining('account summary') }) }],
    },
  ],
  fail: [
    { name: 'root has an active key', snapshot: account({ root: { keys: [{ active: true, ageDays: 300 }] }, accountSummary: ok({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 1 }) }), expect: [{ resource: rootArn() }] },
    {
      name: 'an inactive root key still exists',
      snapshot: account({ root: { keys: [{ active: false, ageDays: 300 }] } }),
      expect: [{ resource: rootArn(), evidence: expect.objectContaining({ credentialReportKeys: [expect.objectContaining({ slot: 1, active: false })] }) }],
    },
    { name: 'report has no root keys but the live summary counts one', snapshot: account({ accountSummary: ok({ AccountAccessKeysPresent: 1 }) }), expect: [{ resource: rootArn() }] },
    { name: 'no root row and the summary counts keys', snapshot: account({ credentialReport: reportWithoutRoot([]), accountSummary: ok({ AccountAccessKeysPresent: 1 }) }), expect: [{ resource: rootArn() }] },
  ],
  error: [
    { name: 'no root row and no AccountAccessKeysPresent', snapshot: account({ credentialReport: reportWithoutRoot([]), accountSummary: ok({ AccountMFAEnabled: 1 }) }), expect: [{ errorCode: 'RootRowMissing' }] },
    { name: 'credential report unreadable', snapshot: account({ credentialReport: denied('iam:GetCredentialReport') }), expect: [{ errorCode: 'AccessDenied' }] },
  ],
})

describe('iam.root-access-keys findings', () => {
  const only = (snap: ReturnType<typeof account>) => {
    const findings = runCheck(check, snap)
    expect(findings).toHaveLength(1)
    return findings[0]!
  }

  it('a failing root lists its keys by slot and state; evidence shows both sources', () => {
    const f = only(account({ root: { keys: [{ active: true, ageDays: 300, lastUsedDaysAgo: 2 }, { active: false, ageDays: 100 }] }, accountSummary: ok({ AccountAccessKeysPresent: 1 }) }))
    expect(f.message).toBe('The root user has 2 access key(s) (slot 1 active, slot 2 inactive)')
    expect(f.evidence).toEqual({
      source: 'credential report + account summary',
      credentialReportKeys: [
        { slot: 1, active: true, lastRotated: daysAgo(300), lastUsedDate: daysAgo(2) },
        { slot: 2, active: false, lastRotated: daysAgo(100), lastUsedDate: null },
      ],
      accountSummaryAccountAccessKeysPresent: 1,
    })
  })

  it('keys known only from the summary; the report alone; no keys anywhere', () => {
    const summaryOnly = only(account({ credentialReport: reportWithoutRoot([]), accountSummary: ok({ AccountAccessKeysPresent: 1 }) }))
    expect(summaryOnly).toMatchObject({ status: 'fail', message: 'The root user has access keys (per GetAccountSummary)' })
    expect(summaryOnly.evidence).toStrictEqual({ source: 'account summary (no <root_account> row in the credential report)', accountSummaryAccountAccessKeysPresent: 1 })
    const reportOnly = only(account({ accountSummary: ok({}) }))
    expect(reportOnly).toMatchObject({ status: 'pass', message: 'The root user has no access keys' })
    expect(reportOnly.evidence).toStrictEqual({ source: 'credential report', credentialReportKeys: [] })
    expect(only(account({ root: { keys: [{ active: true }] }, accountSummary: ok({}) })).status).toBe('fail')
  })

  it('a negative summary count is not a key', () => {
    expect(only(account({ credentialReport: reportWithoutRoot([]), accountSummary: ok({ AccountAccessKeysPresent: -1 }) })).status).toBe('pass')
  })

  it('unknown: says why', () => {
    expect(only(account({ credentialReport: reportWithoutRoot([]), accountSummary: ok({}) })).message).toBe(
      'The credential report has no <root_account> row and GetAccountSummary has no AccountAccessKeysPresent: cannot tell whether root has access keys',
    )
  })
})
