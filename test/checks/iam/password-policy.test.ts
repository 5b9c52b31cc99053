import { describe, expect, it } from 'vitest'
import { ALL_CHECKS } from '../../../src/checks/index.js'
import { loadRules } from '../../../src/rules/load.js'
import check from '../../../src/checks/iam/password-policy.js'
import { checkCases } from '../../support/check-cases.js'
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
