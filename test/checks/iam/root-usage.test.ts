import { expect } from 'vitest'
import check from '../../../src/checks/iam/root-usage.js'
import { checkCases } from '../../support/check-cases.js'
import { account, denied, ok, reportWithoutRoot, rootArn } from '../../support/builders.js'

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
