import { z } from 'zod'
import { defineCheck } from '../define.js'

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
    const root = ctx.read('iam.credentialReport').users.find((u) => u.isRoot)
    const summaryFlag = ctx.read('iam.accountSummary').AccountMFAEnabled
    if (!root && summaryFlag === undefined) {
      ctx.error(ctx.accountArn, 'The credential report has no <root_account> row and GetAccountSummary has no AccountMFAEnabled: cannot tell whether root has MFA', 'RootRowMissing')
      return
    }
    const evidence: Record<string, unknown> = {
      source: root ? (summaryFlag === undefined ? 'credential report' : 'credential report + account summary') : 'account summary (no <root_account> row in the credential report)',
    }
    if (root) evidence.credentialReportMfaActive = root.mfaActive
    if (summaryFlag !== undefined) evidence.accountSummaryAccountMFAEnabled = summaryFlag
    // The report may be up to four hours old and the summary is live: MFA counts only if no source denies it.
    const enabled = (root ? root.mfaActive : true) && (summaryFlag === undefined || summaryFlag > 0)
    if (enabled) ctx.pass(ctx.accountArn, 'The root user has MFA', { evidence })
    else ctx.fail(ctx.accountArn, 'The root user has no MFA device', { evidence })
  },
})
