import { z } from 'zod'
import { decisionSchema, groupOf, latestDecisionFor, type Decision, type LatestReview, type RevokeAction } from '../../access/decisions.js'
import type { CredentialReportUser } from '../../snapshot/schema.js'
import { defineCheck } from '../define.js'

const DAY_MS = 86_400_000

function describeAction(action: RevokeAction): string {
  const group = groupOf(action)
  if (group !== undefined) return `membership of group ${group}`
  return action === 'disable-console' ? 'console access' : 'its access keys'
}

/** Whether what the action takes away is still there; undefined when the credential report has no row for the user. */
function stillPresent(action: RevokeAction, groups: readonly string[], row: CredentialReportUser | undefined): boolean | undefined {
  const group = groupOf(action)
  if (group !== undefined) return groups.includes(group)
  if (row === undefined) return undefined
  if (action === 'disable-console') return row.passwordEnabled === true
  return row.accessKeys.some((k) => k.active)
}

const reviewed = (r: LatestReview) => ({ decision: r.decision, decidedBy: r.reviewer, decidedOn: r.date, ...(r.reasons.length > 0 ? { reasons: r.reasons } : {}), entries: r.entries.map((e) => e.entry) })

export default defineCheck({
  id: 'iam.access-reviewed',
  title: 'Every IAM user had its access reviewed within the review period, and revoke decisions were carried out',
  description:
    "Judges every IAM user by its latest decision in the access review decisions file (config `access.decisions`, written by the reviewer from the `guardrail access review` sheet). Passes when that decision is no older than `reviewPeriodDays`; fails when there is none, or it is older. For a revoke decision, one more finding per revoke action (resource `<user ARN>#<action>`): it fails while the user still has what was revoked (still in the group, console password still set, an access key still active) and passes once it is gone; a revoke stands until carried out or superseded by a later decision, however old. All decisions naming the user (by ARN, or by name in any account; about the whole user or one row of the sheet) made on its newest decision date are one review: revoke when any of them revokes.",
  rationale:
    'Access rights must be reviewed at planned intervals and adjusted (ISO/IEC 27001:2022 5.18): people change teams and leave, and access granted for a project stays unless someone asks who still needs it. A review whose revoke decisions are not carried out changes nothing.',
  remediation:
    "Run `guardrail access <snapshot>` and `guardrail access review access-map.json --out review.csv`, have each user's owner decide keep or revoke per row, record the decisions in the decisions file named by `access.decisions` in guardrail.config.yaml (review date, reviewer, reason; for revoke, what to take away), and scan again. Carry out revoke decisions with `guardrail remediate plan findings.json --include-destructive`, then `remediate install` and `remediate apply` (group removal, console access and access key deactivation each have a guardrail runbook). By hand: `aws iam remove-user-from-group`, `aws iam delete-login-profile`, `aws iam update-access-key --status Inactive` for each key `aws iam list-access-keys` lists.",
  scope: 'account',
  requires: ['iam.authorizationDetails', 'iam.credentialReport'],
  options: z.strictObject({
    reviewPeriodDays: z.number().int().min(1).max(3660),
    /** Loaded by the CLI from access.decisions (never set by hand): null when no decisions file is configured. */
    decisions: z.array(decisionSchema).nullable(),
  }),
  remediationId: 'iam-apply-access-review',
  evaluate(_input, ctx) {
    const { reviewPeriodDays } = ctx.options
    const decisions = ctx.options.decisions as Decision[] | null
    const since = new Date(ctx.now.getTime() - reviewPeriodDays * DAY_MS).toISOString().slice(0, 10)
    const users = ctx.read('iam.authorizationDetails').users
    if (users.length === 0) return
    const report = ctx.read('iam.credentialReport')
    const rowOf = new Map(report.users.filter((r) => !r.isRoot).map((r) => [r.arn, r]))
    for (const u of users) {
      if (decisions === null) {
        ctx.fail(u.arn, `${u.name}: no access review recorded (no decisions file is configured: access.decisions in guardrail.config.yaml)`, { evidence: { reviewPeriodDays, decisionsConfigured: false } })
        continue
      }
      const latest = latestDecisionFor(decisions, u.arn)
      if (latest === undefined) {
        ctx.fail(u.arn, `${u.name}: no access review decision since ${since}`, { evidence: { reviewPeriodDays, since, latest: null } })
        continue
      }
      if (latest.date < since) {
        ctx.fail(u.arn, `${u.name}: no access review decision since ${since} (the latest: ${latest.decision} on ${latest.date} by ${latest.reviewer})`, { evidence: { reviewPeriodDays, since, ...reviewed(latest) } })
      } else {
        ctx.pass(u.arn, `${u.name}: reviewed on ${latest.date} by ${latest.reviewer}: ${latest.decision}${latest.decision === 'revoke' ? ` ${latest.revoke.join(', ')}` : ''}`, { evidence: { reviewPeriodDays, ...reviewed(latest) } })
      }
      if (latest.decision !== 'revoke') continue
      // A revoke decision stands until carried out, however old: one finding per action, so each is
      // judged (and fixed, and re-checked) on its own.
      const row = rowOf.get(u.arn)
      for (const action of latest.revoke) {
        const resource = `${u.arn}#${action}`
        const present = stillPresent(action, u.groups, row)
        const evidence = { action, revoke: latest.revoke, decidedBy: latest.reviewer, decidedOn: latest.date, userName: u.name, ...(latest.reasons.length > 0 ? { reasons: latest.reasons } : {}) }
        if (present === undefined) {
          ctx.error(resource, `${u.name} is not in the credential report generated at ${report.generatedAt}: cannot tell whether ${action} was carried out`, 'UserNotInCredentialReport')
        } else if (present) {
          ctx.fail(resource, `${u.name}: review ${latest.date} by ${latest.reviewer} decided to revoke ${describeAction(action)} (${action}); still present`, { evidence })
        } else {
          ctx.pass(resource, `${u.name}: review ${latest.date} by ${latest.reviewer} decided to revoke ${describeAction(action)} (${action}); done`, { evidence })
        }
      }
    }
  },
})
