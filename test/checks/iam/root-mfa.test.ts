import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/iam/root-mfa.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { account, denied, ok, reportWithoutRoot, rootArn, user } from '../../support/builders.js'

checkCases(check, {
  pass: [
    {
      name: 'root row has MFA and the summary agrees',
      snapshot: account({ root: { mfa: true } }),
      expect: [{ resource: rootArn(), evidence: expect.objectContaining({ source: 'credential report + account summary', credentialReportMfaActive: true }) }],
    },
    {
      name: 'no root row (moto): the account summary decides and says so',
      snapshot: account({ credentialReport: reportWithoutRoot([user({ name: 'alice' })]), accountSummary: ok({ AccountMFAEnabled: 1 }) }),
      expect: [{ resource: rootArn(), evidence: expect.objectContaining({ source: expect.stringContaining('account summary'), accountSummaryAccountMFAEnabled: 1 }) }],
    },
  ],
  fail: [
    { name: 'root row without MFA', snapshot: account({ root: { mfa: false }, accountSummary: ok({ AccountMFAEnabled: 0 }) }), expect: [{ resource: rootArn() }] },
    {
      name: 'report says MFA but the live summary says none',
      snapshot: account({ root: { mfa: true }, accountSummary: ok({ AccountMFAEnabled: 0 }) }),
      expect: [{ resource: rootArn(), evidence: expect.objectContaining({ credentialReportMfaActive: true, accountSummaryAccountMFAEnabled: 0 }) }],
    },
    { name: 'no root row and the summary says no MFA', snapshot: account({ credentialReport: reportWithoutRoot([]), accountSummary: ok({ AccountMFAEnabled: 0 }) }), expect: [{ resource: rootArn() }] },
  ],
  error: [
    { name: 'no root row and no AccountMFAEnabled in the summary', snapshot: account({ credentialReport: reportWithoutRoot([]), accountSummary: ok({ Users: 3 }) }), expect: [{ errorCode: 'RootRowMissing' }] },
    { name: 'credential report unreadable', snapshot: account({ credentialReport: denied('iam:GetCredentialReport') }), expect: [{ errorCode: 'AccessDenied' }] },
    { name: 'account summary unreadable', snapshot: account({ accountSummary: denied('iam:GetAccountSummary') }), expect: [{ errorCode: 'AccessDenied' }] },
  ],
})

describe('iam.root-mfa findings', () => {
  const only = (snap: ReturnType<typeof account>) => {
    const findings = runCheck(check, snap)
    expect(findings).toHaveLength(1)
    return findings[0]!
  }

  it('messages, and evidence naming every source that was read', () => {
    expect(only(account({ root: { mfa: true } }))).toMatchObject({
      status: 'pass',
      message: 'The root user has MFA',
      evidence: { source: 'credential report + account summary', credentialReportMfaActive: true, accountSummaryAccountMFAEnabled: 1 },
    })
    expect(only(account({ root: { mfa: false }, accountSummary: ok({ AccountMFAEnabled: 0 }) }))).toMatchObject({ status: 'fail', message: 'The root user has no MFA device' })
    expect(only(account({ credentialReport: reportWithoutRoot([]), accountSummary: ok({ AccountMFAEnabled: 1 }) })).evidence).toEqual({
      source: 'account summary (no <root_account> row in the credential report)',
      accountSummaryAccountMFAEnabled: 1,
    })
    expect(only(account({ root: { mfa: true }, accountSummary: ok({}) }))).toMatchObject({ status: 'pass', evidence: { source: 'credential report', credentialReportMfaActive: true } })
    expect(only(account({ root: { mfa: true }, accountSummary: ok({}) })).evidence).not.toHaveProperty('accountSummaryAccountMFAEnabled')
    expect(only(account({ root: { mfa: false }, accountSummary: ok({}) })).status).toBe('fail')
  })

  it('the summary counts MFA only when positive', () => {
    expect(only(account({ credentialReport: reportWithoutRoot([]), accountSummary: ok({ AccountMFAEnabled: 2 }) })).status).toBe('pass')
    expect(only(account({ credentialReport: reportWithoutRoot([]), accountSummary: ok({ AccountMFAEnabled: -1 }) })).status).toBe('fail')
  })

  it('unknown: says why', () => {
    expect(only(account({ credentialReport: reportWithoutRoot([]), accountSummary: ok({}) })).message).toBe(
      'The credential report has no <root_account> row and GetAccountSummary has no AccountMFAEnabled: cannot tell whether root has MFA',
    )
  })
})
