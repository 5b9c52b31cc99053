import { z } from 'zod'
import { defineCheck } from '../define.js'

export default defineCheck({
  id: 'iam.password-policy',
  title: 'The account password policy is strong',
  description:
    'Fails when the account has no password policy, or when it requires fewer than `minimumLength` characters, remembers fewer than `reusePrevention` previous passwords, or does not require each character class the options ask for (upper case, lower case, number, symbol). The evidence lists every requirement that is missing.',
  rationale:
    'IAM user passwords are the weakest credential in the account; without a policy AWS accepts any 8-character password, and without reuse prevention users rotate back to a password that has already leaked.',
  remediation:
    'IAM console → Account settings → Password policy → Edit: set the minimum length and reuse prevention to at least the values named in the finding and tick the required character classes. Or: `aws iam update-account-password-policy --minimum-password-length 14 --password-reuse-prevention 24 --require-uppercase-characters --require-lowercase-characters --require-numbers --require-symbols --allow-users-to-change-password`. Note the call replaces the whole policy: include every setting you want to keep.',
  scope: 'account',
  remediationId: 'iam-set-password-policy',
  requires: ['iam.passwordPolicy'],
  options: z.strictObject({
    minimumLength: z.number().int().min(6).max(128),
    reusePrevention: z.number().int().min(1).max(24),
    requireUppercase: z.boolean(),
    requireLowercase: z.boolean(),
    requireNumbers: z.boolean(),
    requireSymbols: z.boolean(),
  }),
  evaluate(_input, ctx) {
    const policy = ctx.read('iam.passwordPolicy')
    const o = ctx.options
    if (policy === null) {
      ctx.fail(ctx.accountArn, 'The account has no password policy (AWS default: 8 characters, no reuse prevention)', { evidence: { passwordPolicy: null } })
      return
    }
    const missing: string[] = []
    const length = policy.minimumPasswordLength ?? 0
    if (length < o.minimumLength) missing.push(`minimum length is ${policy.minimumPasswordLength ?? 'unset'}, required ≥ ${o.minimumLength}`)
    const reuse = policy.passwordReusePrevention ?? 0
    if (reuse < o.reusePrevention) missing.push(`reuse prevention is ${policy.passwordReusePrevention ?? 'off'}, required ≥ ${o.reusePrevention}`)
    if (o.requireUppercase && policy.requireUppercaseCharacters !== true) missing.push('upper-case letters not required')
    if (o.requireLowercase && policy.requireLowercaseCharacters !== true) missing.push('lower-case letters not required')
    if (o.requireNumbers && policy.requireNumbers !== true) missing.push('numbers not required')
    if (o.requireSymbols && policy.requireSymbols !== true) missing.push('symbols not required')
    const evidence = {
      passwordPolicy: {
        minimumPasswordLength: policy.minimumPasswordLength ?? null,
        passwordReusePrevention: policy.passwordReusePrevention ?? null,
        requireUppercaseCharacters: policy.requireUppercaseCharacters ?? false,
        requireLowercaseCharacters: policy.requireLowercaseCharacters ?? false,
        requireNumbers: policy.requireNumbers ?? false,
        requireSymbols: policy.requireSymbols ?? false,
      },
      required: o,
      missing,
    }
    if (missing.length === 0) ctx.pass(ctx.accountArn, 'The password policy meets every requirement', { evidence })
    else ctx.fail(ctx.accountArn, `The password policy is too weak: ${missing.join('; ')}`, { evidence })
  },
})
