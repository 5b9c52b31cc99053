import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/iam/user-console-mfa.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { account, arnOfUser, credentialRow, denied, ok, NOW, rootRow, user, type UserSpec } from '../../support/builders.js'

/** A credential report whose rows for `unknown` users have password_enabled neither true nor false. */
const reportWithUnknownPassword = (known: UserSpec[], unknown: UserSpec[]) =>
  ok({ generatedAt: NOW.toISOString(), users: [rootRow(), ...known.map((u) => credentialRow(u)), ...unknown.map((u) => ({ ...credentialRow(u), passwordEnabled: null }))] })

checkCases(check, {
  pass: [{ name: 'password and MFA', snapshot: account({ users: [user({ name: 'alice', password: true, mfa: true })] }) }],
  fail: [
    {
      name: 'password without MFA; key-only user ignored',
      snapshot: account({ users: [user({ name: 'bob', password: true }), user({ name: 'ci', keys: [{}] }), user({ name: 'alice', password: true, mfa: true })] }),
      expect: [{ resource: arnOfUser('bob') }],
    },
  ],
  not_applicable: [{ name: 'no console users', snapshot: account({ users: [user({ name: 'ci', keys: [{}] })] }) }],
  error: [
    { name: 'credential report unreadable', snapshot: account({ credentialReport: denied('iam:GetCredentialReport') }), expect: [{ errorCode: 'AccessDenied' }] },
    {
      name: "a user's password state is unknown (password_enabled null), even without MFA the user is not skipped",
      snapshot: account({ users: [user({ name: 'mystery' })], credentialReport: reportWithUnknownPassword([], [user({ name: 'mystery' })]) }),
      expect: [{ resource: arnOfUser('mystery'), errorCode: 'PasswordStateUnknown' }],
    },
  ],
})

describe('iam.user-console-mfa with a partly unknown credential report', () => {
  it('reports error for the unknown user only, judges the others, and does not report the root row', () => {
    const known = [user({ name: 'alice', password: true, mfa: true }), user({ name: 'bob', password: true })]
    const findings = runCheck(check, account({ users: known, credentialReport: reportWithUnknownPassword(known, [user({ name: 'mystery', mfa: true })]) }))
    expect(findings.map((f) => [f.resource, f.status, f.errorCode ?? null]).sort()).toEqual([
      [arnOfUser('alice'), 'pass', null],
      [arnOfUser('bob'), 'fail', null],
      [arnOfUser('mystery'), 'error', 'PasswordStateUnknown'],
    ])
  })
})

describe('iam.user-console-mfa findings', () => {
  it('say who has MFA, who can sign in without it (with the evidence), and whose password state is unknown', () => {
    const known = [user({ name: 'alice', password: true, mfa: true }), user({ name: 'bob', password: true, passwordLastUsedDaysAgo: 3 })]
    const findings = runCheck(check, account({ users: known, credentialReport: reportWithUnknownPassword(known, [user({ name: 'mystery' })]) }))
    expect(findings.map((f) => [f.resource, f.status, f.message, f.evidence])).toEqual([
      [arnOfUser('alice'), 'pass', 'alice has MFA', undefined],
      [arnOfUser('bob'), 'fail', 'bob can sign in to the console without MFA', { passwordEnabled: true, mfaActive: false, passwordLastUsed: credentialRow(known[1]!).passwordLastUsed }],
      [arnOfUser('mystery'), 'error', 'mystery: the credential report does not say whether the user has a console password', undefined],
    ])
    expect(credentialRow(known[1]!).passwordLastUsed).not.toBeNull()
  })
})
