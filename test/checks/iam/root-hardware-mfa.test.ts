import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/iam/root-hardware-mfa.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
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

describe('iam.root-hardware-mfa findings', () => {
  it('messages and evidence', () => {
    const virtual = virtualMfaDevice('root-account-mfa-device', rootArn())
    const second = virtualMfaDevice('root-2', rootArn())
    expect(runCheck(check, account({ virtualMfaDevices: ok([virtual, second]) })).map((f) => [f.status, f.message, f.evidence])).toEqual([
      [
        'fail',
        `The root user's MFA is a virtual device (${virtual.serialNumber}, ${second.serialNumber}), not a hardware device`,
        { mfaSource: 'credential report + account summary', mfaActive: true, virtualMfaDevicesAssignedToRoot: [virtual.serialNumber, second.serialNumber] },
      ],
    ])
    expect(runCheck(check, account()).map((f) => [f.status, f.message, f.evidence])).toEqual([
      ['pass', 'Root MFA is active and no virtual MFA device is assigned to root', { mfaSource: 'credential report + account summary', mfaActive: true, virtualMfaDevicesAssignedToRoot: [] }],
    ])
    expect(runCheck(check, account({ root: { mfa: false } })).map((f) => [f.status, f.evidence])).toEqual([['fail', { mfaSource: 'credential report + account summary', mfaActive: false }]])
    expect(runCheck(check, account({ credentialReport: reportWithoutRoot([]), accountSummary: ok({}) }))[0]!.message).toContain('cannot tell whether root has MFA')
  })
})
