import { z } from 'zod'
import { defineCheck } from '../define.js'
import { ROOT_MFA_UNKNOWN, rootMfaStatus } from '../lib/root-mfa.js'

export default defineCheck({
  id: 'iam.root-mfa',
  title: 'The root user has MFA',
  description:
    "Reads the credential report's <root_account> row (mfa_active) and GetAccountSummary's AccountMFAEnabled. Passes only when every source that answers says MFA is on; when the report has no root row, the account summary alone decides and the evidence says so.",
  rationale:
    'The root user can do anything in the account, including closing it and changing its contact details, and cannot be restricted by IAM policies; a password alone must never be enough to become root.',
  remediation:
    'Sign in as root → account menu → Security credentials → Multi-factor authentication (MFA) → Assign MFA device; prefer a hardware key (FIDO security key or hardware TOTP token). In an AWS Organization, consider centralised root access management (`aws iam enable-organizations-root-credentials-management`) and removing member-account root credentials altogether.',
  scope: 'account',
  requires: ['iam.credentialReport', 'iam.accountSummary'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    const mfa = rootMfaStatus(ctx.read('iam.credentialReport'), ctx.read('iam.accountSummary'))
    if (!mfa.known) return ctx.error(ctx.accountArn, ROOT_MFA_UNKNOWN, 'RootRowMissing')
    if (mfa.active) ctx.pass(ctx.accountArn, 'The root user has MFA', { evidence: mfa.evidence })
    else ctx.fail(ctx.accountArn, 'The root user has no MFA device', { evidence: mfa.evidence })
  },
})
