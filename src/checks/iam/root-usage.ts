import { z } from 'zod'
import { defineCheck } from '../define.js'

const DAY_MS = 86_400_000

export default defineCheck({
  id: 'iam.root-usage',
  title: 'The root user has not been used recently',
  description:
    "Fails when the credential report's <root_account> row shows a console sign-in (password_last_used) or an access-key use (access_key_N_last_used_date) within the last `windowDays` days before the evaluation time. Without a root row the check cannot decide and reports an error (GetAccountSummary has no usage data).",
  rationale:
    'Root should be used only for the handful of tasks that require it; routine root use means a shared, unrestrictable, unattributable credential is in play, and an unexpected use is a sign of compromise.',
  remediation:
    'Find out who used root and why: CloudTrail event history, filter "User name" = root (or `aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=root`). Move that work to IAM roles / IAM Identity Center, rotate the root password, confirm MFA, and set up an alarm on root use (CIS 4.3).',
  scope: 'account',
  requires: ['iam.credentialReport'],
  options: z.strictObject({ windowDays: z.number().int().positive() }),
  evaluate(_input, ctx) {
    const root = ctx.read('iam.credentialReport').users.find((u) => u.isRoot)
    if (!root) {
      ctx.error(ctx.accountArn, 'The credential report has no <root_account> row, so root usage cannot be determined', 'RootRowMissing')
      return
    }
    const uses = [
      { credential: 'password', lastUsed: root.passwordLastUsed },
      ...root.accessKeys.map((k) => ({ credential: `access key ${k.slot}`, lastUsed: k.lastUsedDate })),
    ].filter((u): u is { credential: string; lastUsed: string } => u.lastUsed !== null)
    const windowStart = ctx.now.getTime() - ctx.options.windowDays * DAY_MS
    const recent = uses.filter((u) => {
      const at = Date.parse(u.lastUsed)
      if (Number.isNaN(at)) throw new Error(`root ${u.credential} last-used date "${u.lastUsed}" is not a date`)
      return at >= windowStart
    })
    const evidence = { windowDays: ctx.options.windowDays, evaluatedAt: ctx.now.toISOString(), lastUses: uses }
    if (recent.length === 0) ctx.pass(ctx.accountArn, `The root user has not been used in the last ${ctx.options.windowDays} days`, { evidence })
    else ctx.fail(ctx.accountArn, `The root user was used in the last ${ctx.options.windowDays} days: ${recent.map((u) => `${u.credential} on ${u.lastUsed}`).join(', ')}`, { evidence })
  },
})
