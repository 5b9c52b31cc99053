import { z } from 'zod'
import { defineCheck } from '../define.js'
import { conditionKeyEquals, parsePolicy } from '../../policy/document.js'
import { managedPoliciesByArn, policiesOfUser } from '../../policy/principal-policies.js'

const NETWORK_KEYS = ['aws:SourceIp', 'aws:SourceVpc']

export default defineCheck({
  id: 'iam.key-source-restricted',
  title: 'Users with access keys are restricted by network origin',
  description:
    "For every IAM user with an active access key (credential report), passes when a statement in one of the policies that bind the user — its own inline or managed policies, its groups' policies, or its permissions boundary — has a Condition on aws:SourceIp or aws:SourceVpc (keys compared case-insensitively, any operator). The evidence names the policy and statement. When no such statement is found but some applicable policy document is not in the snapshot, the result is an error, not a fail.",
  rationale:
    'A leaked access key works from anywhere on the internet. Tying key use to the corporate egress addresses or to your VPCs turns a leaked key into a useless string for an outside attacker.',
  remediation:
    'Attach to the user\'s group (or set as permissions boundary) a policy that denies requests from outside your networks, e.g. {"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":["203.0.113.0/24"]},"Bool":{"aws:ViaAWSService":"false"}}} (use aws:SourceVpc / StringNotEqualsIfExists for VPC endpoints): `aws iam create-policy --policy-name deny-outside-network --policy-document file://deny.json`, then `aws iam attach-group-policy --group-name <group> --policy-arn <arn>`. Better: replace the key with a role.',
  scope: 'account',
  requires: ['iam.credentialReport', 'iam.authorizationDetails'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    const details = ctx.read('iam.authorizationDetails')
    const byArn = managedPoliciesByArn(details)
    const usersByName = new Map(details.users.map((u) => [u.name, u]))
    for (const row of ctx.read('iam.credentialReport').users) {
      if (row.isRoot || !row.accessKeys.some((k) => k.active)) continue
      const user = usersByName.get(row.user)
      if (!user) {
        ctx.error(row.arn, `${row.user} has an active access key but is not in the authorization details`, 'UserNotInSnapshot')
        continue
      }
      const unknown: string[] = []
      const malformed: string[] = []
      let match: Record<string, unknown> | undefined
      for (const policy of policiesOfUser(user, details, byArn)) {
        if (!policy.document) {
          unknown.push(policy.missing ?? policy.label)
          continue
        }
        const parsed = parsePolicy(policy.document)
        if (!parsed.ok) {
          malformed.push(`${policy.label}: ${parsed.problem}`)
          continue
        }
        for (const s of parsed.statements) {
          const conditions = s.conditions.filter((c) => NETWORK_KEYS.some((k) => conditionKeyEquals(c.key, k)))
          if (conditions.length > 0) {
            match ??= { source: policy.source, policy: policy.label, statementIndex: s.index, sid: s.sid ?? null, effect: s.effect, conditions }
          }
        }
      }
      const activeKeys = row.accessKeys.filter((k) => k.active).map((k) => k.slot)
      if (match) ctx.pass(row.arn, `${row.user}'s access is restricted by network origin (${String(match.policy)})`, { evidence: { activeKeySlots: activeKeys, restrictedBy: match } })
      else if (unknown.length > 0 || malformed.length > 0) {
        ctx.error(row.arn, `${row.user}: no source-network condition found, but some policies could not be examined (${[...unknown, ...malformed].join('; ')})`, unknown.length > 0 ? 'PolicyDocumentMissing' : 'PolicyDocumentMalformed')
      } else {
        ctx.fail(row.arn, `${row.user} has an active access key and no policy restricts it by aws:SourceIp or aws:SourceVpc`, { evidence: { activeKeySlots: activeKeys, policiesExamined: policiesOfUser(user, details, byArn).map((p) => p.label) } })
      }
    }
  },
})
