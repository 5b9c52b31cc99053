import { expect } from 'vitest'
import check from '../../../src/checks/iam/root-hardware-mfa.js'
import { checkCases } from '../../support/check-cases.js'
import { account, arnOfUser, denied, ok, reportWithoutRoot, rootArn, virtualMfaDevice } from '../../support/builders.js'

checkCases(check, {
  pass: [
    {
      name: 'root MFA on, only users have virtual devices (and an unassigned one)',
      snapshot: account({ virtualMfaDevices: ok([virtualMfaDevice('alice', arnOfUser('alice')), virtualMfaDevice('spare')]) }),
      expect: [{ resource: rootArn(), evidence: expect.objectContaining({ virtualMfaDevicesAssignedToRoot: [] }) }],
    },
    {
      name: 'no root row: MFA known from the account summary',
      snapshot: account({ credentialReport: reportWithoutRoot([]), accountSummary: ok({ AccountMFAEnabled: 1 }) }),
      expect: [{ evidence: expect.objectContaining({ mfaSource: expect.stringContaining('account summary') }) }],
    },
    {
      name: "another account's root device does not count",
      snapshot: account({ virtualMfaDevices: ok([virtualMfaDevice('root-account-mfa-device', rootArn('222222222222'))]) }),
    },
  ],
  fail: [
    {
      name: 'root uses a virtual MFA device',
      snapshot: account({ virtualMfaDevices: ok([virtualMfaDevice('root-account-mfa-device', rootArn())]) }),
      expect: [{ resource: rootArn(), evidence: expect.objectContaining({ virtualMfaDevicesAssignedToRoot: ['arn:aws:iam::111111111111:mfa/root-account-mfa-device'] }) }],
    },
    { name: 'root has no MFA at all', snapshot: account({ root: { mfa: false }, accountSummary: ok({ AccountMFAEnabled: 0 }) }), expect: [{ resource: rootArn(), message: 'The root user has no MFA device at all' }] },
  ],
  error: [
    { name: 'virtual MFA list unreadable', snapshot: account({ virtualMfaDevices: denied('iam:ListVirtualMFADevices') }), expect: [{ errorCode: 'AccessDenied' }] },
    { name: 'no root row and no AccountMFAEnabled', snapshot: account({ credentialReport: reportWithoutRoot([]), accountSummary: ok({}) }), expect: [{ errorCode: 'RootRowMissing' }] },
  ],
})
