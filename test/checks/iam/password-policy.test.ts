import { describe, expect, it } from 'vitest'
import { ALL_CHECKS } from '../../../src/checks/index.js'
import { loadRules } from '../../../src/rules/load.js'
import check from '../../../src/checks/iam/password-policy.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { account, denied, ok, rootArn, STRONG_PASSWORD_POLICY } from '../../support/builders.js'

checkCases(check, {
  pass: [
    { name: 'the strong policy', snapshot: account(), expect: [{ resource: rootArn(), evidence: expect.objectContaining({ missing: [] }) }] },
    { name: 'longer than required', snapshot: account({ passwordPolicy: ok({ ...STRONG_PASSWORD_POLICY, minimumPasswordLength: 20 }) }) },
    { name: 'symbols not required by a config override', snapshot: account({ passwordPolicy: ok({ ...STRONG_PASSWORD_POLICY, requireSymbols: false }) }), options: { requireSymbols: false } },
  ],
  fail: [
    { name: 'no password policy at all', snapshot: account({ passwordPolicy: ok(null) }), expect: [{ resource: rootArn(), evidence: { passwordPolicy: null } }] },
    {
      name: 'length 8, reuse 5, no symbols',
      snapshot: account({ passwordPolicy: ok({ ...STRONG_PASSWORD_POLICY, minimumPasswordLength: 8, passwordReusePrevention: 5, requireSymbols: false }) }),
      expect: [{ evidence: expect.objectContaining({ missing: ['minimum length is 8, required ≥ 14', 'reuse prevention is 5, required ≥ 24', 'symbols not required'] }) }],
    },
    {
      name: 'only a length set: reuse and every character class missing',
      snapshot: account({ passwordPolicy: ok({ minimumPasswordLength: 16 }) }),
      expect: [{ evidence: expect.objectContaining({ missing: ['reuse prevention is off, required ≥ 24', 'upper-case letters not required', 'lower-case letters not required', 'numbers not required', 'symbols not required'] }) }],
    },
    { name: 'length 14 passes but a stricter override (16) fails', snapshot: account(), options: { minimumLength: 16 }, expect: [{ message: expect.stringContaining('required ≥ 16') }] },
  ],
  error: [{ name: 'password policy unreadable', snapshot: account({ passwordPolicy: denied('iam:GetAccountPasswordPolicy') }), expect: [{ errorCode: 'AccessDenied' }] }],
})

describe('iam.password-policy options', () => {
  it('rejects a minimum length AWS would not accept', () => {
    expect(() => loadRules({ checks: ALL_CHECKS, overrides: { 'iam.password-policy': { options: { minimumLength: 4 } } } })).toThrow(expect.objectContaining({ code: 'InvalidCheckOptions', message: expect.stringContaining('minimumLength') }))
  })
  it('rejects reuse prevention above the AWS maximum of 24', () => {
    expect(() => loadRules({ checks: ALL_CHECKS, overrides: { 'iam.password-policy': { options: { reusePrevention: 25 } } } })).toThrow(expect.objectContaining({ code: 'InvalidCheckOptions' }))
  })
})

describe('iam.password-policy findings', () => {
  it('a weak policy lists every shortfall, in order, and the evidence shows the policy with defaults filled in', () => {
    const findings = runCheck(check, account({ passwordPolicy: ok({ allowUsersToChangePassword: true }) }))
    expect(findings.map((f) => [f.status, f.message])).toEqual([
      [
        'fail',
        'The password policy is too weak: minimum length is unset, required ≥ 14; reuse prevention is off, required ≥ 24; upper-case letters not required; lower-case letters not required; numbers not required; symbols not required',
      ],
    ])
    expect(findings[0]!.evidence).toMatchObject({
      passwordPolicy: { minimumPasswordLength: null, passwordReusePrevention: null, requireUppercaseCharacters: false, requireLowercaseCharacters: false, requireNumbers: false, requireSymbols: false },
      missing: expect.arrayContaining(['symbols not required']),
    })
  })

  it('the limits are inclusive, and the numbers given are named', () => {
    expect(runCheck(check, account({ passwordPolicy: ok({ ...STRONG_PASSWORD_POLICY, minimumPasswordLength: 14, passwordReusePrevention: 24 }) })).map((f) => [f.status, f.message])).toEqual([
      ['pass', 'The password policy meets every requirement'],
    ])
    expect(runCheck(check, account({ passwordPolicy: ok({ ...STRONG_PASSWORD_POLICY, minimumPasswordLength: 13, passwordReusePrevention: 23 }) })).map((f) => f.message)).toEqual([
      'The password policy is too weak: minimum length is 13, required ≥ 14; reuse prevention is 23, required ≥ 24',
    ])
  })

  it('a requirement switched off in the options is not demanded', () => {
    const options = { requireUppercase: false, requireLowercase: false, requireNumbers: false, requireSymbols: false }
    const weakChars = { ...STRONG_PASSWORD_POLICY, requireUppercaseCharacters: false, requireLowercaseCharacters: false, requireNumbers: false, requireSymbols: false }
    expect(runCheck(check, account({ passwordPolicy: ok(weakChars) }), options).map((f) => f.status)).toEqual(['pass'])
    for (const [flag, text] of [
      ['requireUppercaseCharacters', 'upper-case letters not required'],
      ['requireLowercaseCharacters', 'lower-case letters not required'],
      ['requireNumbers', 'numbers not required'],
      ['requireSymbols', 'symbols not required'],
    ] as const) {
      expect(runCheck(check, account({ passwordPolicy: ok({ ...STRONG_PASSWORD_POLICY, [flag]: false }) })).map((f) => f.message), flag).toEqual([`The password policy is too weak: ${text}`])
    }
  })

  it('no policy at all: says what AWS defaults to', () => {
    expect(runCheck(check, account({ passwordPolicy: ok(null) })).map((f) => [f.status, f.message, f.evidence])).toEqual([
      ['fail', 'The account has no password policy (AWS default: 8 characters, no reuse prevention)', { passwordPolicy: null }],
    ])
  })
})
