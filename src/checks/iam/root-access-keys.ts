import { z } from 'zod'
import { defineCheck } from '../define.js'

export default defineCheck({
  id: 'iam.root-access-keys',
  title: 'The root user has no access keys',
  description:
    "Fails when the credential report's <root_account> row shows an access key in either slot (active, or inactive but still present) or GetAccountSummary's AccountAccessKeysPresent is non-zero. When the report has no root row, the account summary alone decides and the evidence says so.",
  rationale:
    'A root access key is a long-lived, unrestrictable credential for the whole account that cannot be limited by any IAM or service control policy; an inactive one can be re-activated by anyone who gets into the root console.',
  remediation:
    'Sign in as root → account menu → Security credentials → Access keys: for each key, Actions → Deactivate, confirm nothing breaks, then Delete. Move any automation that used it to an IAM role. For a member account with centralised root access, from the management account: `aws sts assume-root --target-principal <account-id> --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials`, then with those credentials `aws iam list-access-keys` and `aws iam delete-access-key --access-key-id <id>`.',
  scope: 'account',
  requires: ['iam.credentialReport', 'iam.accountSummary'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    const root = ctx.read('iam.credentialReport').users.find((u) => u.isRoot)
    const summaryCount = ctx.read('iam.accountSummary').AccountAccessKeysPresent
    if (!root && summaryCount === undefined) {
      ctx.error(ctx.accountArn, 'The credential report has no <root_account> row and GetAccountSummary has no AccountAccessKeysPresent: cannot tell whether root has access keys', 'RootRowMissing')
      return
    }
    // A slot holds a key when it is active or has a creation/rotation date (inactive keys keep theirs).
    const keys = (root?.accessKeys ?? [])
      .filter((k) => k.active || k.lastRotated !== null)
      .map((k) => ({ slot: k.slot, active: k.active, lastRotated: k.lastRotated, lastUsedDate: k.lastUsedDate }))
    const evidence: Record<string, unknown> = {
      source: root ? (summaryCount === undefined ? 'credential report' : 'credential report + account summary') : 'account summary (no <root_account> row in the credential report)',
    }
    if (root) evidence.credentialReportKeys = keys
    if (summaryCount !== undefined) evidence.accountSummaryAccountAccessKeysPresent = summaryCount
    // Keys count as absent only if no source reports one (the summary is live, the report may be hours old).
    if (keys.length === 0 && !(summaryCount !== undefined && summaryCount > 0)) {
      ctx.pass(ctx.accountArn, 'The root user has no access keys', { evidence })
    } else {
      const what = keys.length > 0 ? `${keys.length} access key(s) (${keys.map((k) => `slot ${k.slot} ${k.active ? 'active' : 'inactive'}`).join(', ')})` : 'access keys (per GetAccountSummary)'
      ctx.fail(ctx.accountArn, `The root user has ${what}`, { evidence })
    }
  },
})
