import { expect } from 'vitest'
import check from '../../../src/checks/iam/root-mfa.js'
import { checkCases } from '../../support/check-cases.js'
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
