import { expect } from 'vitest'
import check from '../../../src/checks/iam/root-access-keys.js'
import { checkCases } from '../../support/check-cases.js'
import { account, denied, ok, reportWithoutRoot, rootArn, user } from '../../support/builders.js'

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
