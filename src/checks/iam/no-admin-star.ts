import { z } from 'zod'
import { defineCheck } from '../define.js'
import { describeStatement, parsePolicy, type Statement } from '../../policy/document.js'
import { coversAllActions, coversAllResources } from '../../policy/wildcard.js'
import type { PolicyDocument } from '../../snapshot/schema.js'

/** Allow + an Action that matches every action + a Resource that matches every resource. */
function grantsFullAdmin(s: Statement): boolean {
  // Stryker disable next-line ArrayDeclaration: a fallback holding a string that is not "*" covers nothing, as the empty one does
  return s.effect === 'Allow' && (s.action ?? []).some(coversAllActions) && (s.resource ?? []).some(coversAllResources)
}

export default defineCheck({
  id: 'iam.no-admin-star',
  title: 'No attached policy grants full administrator access ("*" on "*")',
  description:
    'Examines every managed policy (customer- or AWS-managed) that is attached to someone, and every inline policy of a user, group or role. Fails for each policy with an Allow statement whose Action is "*" (or "*:*") on Resource "*", whatever its Condition. One finding per policy (inline policies are named <principal ARN>#inline-policy/<name>); the evidence shows the matching statements and who holds the policy. An attached policy whose document is missing or malformed is an error for that policy, never a pass.',
  rationale:
    'Full "*:*" access makes every other control in the account optional: the holder can disable logging, create users and keys, and read any data. Least privilege starts by granting only the services and actions a job needs; break-glass administrator access belongs in a tightly controlled role.',
  remediation:
    "Replace the grant with the actions and resources that are actually needed (IAM Access Analyzer policy generation from CloudTrail helps: IAM console → Roles → <role> → Generate policy). For a managed policy: `aws iam create-policy-version --policy-arn <arn> --policy-document file://least-privilege.json --set-as-default`, or detach it (`aws iam detach-user-policy` / `detach-group-policy` / `detach-role-policy --policy-arn <arn>`). For an inline policy: `aws iam put-user-policy` (or put-group-policy / put-role-policy) with the reduced document, or delete it with `aws iam delete-user-policy --user-name <user> --policy-name <name>`.",
  scope: 'account',
  requires: ['iam.authorizationDetails'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    const details = ctx.read('iam.authorizationDetails')
    const principals = [
      ...details.users.map((p) => ({ kind: 'user', ...p })),
      ...details.groups.map((p) => ({ kind: 'group', ...p })),
      ...details.roles.map((p) => ({ kind: 'role', ...p })),
    ]
    const holdersByArn = new Map<string, string[]>()
    for (const p of principals) {
      for (const a of p.attachedPolicies) holdersByArn.set(a.arn, [...(holdersByArn.get(a.arn) ?? []), p.arn])
    }

    const judge = (resource: string, label: string, document: PolicyDocument, extra: Record<string, unknown>) => {
      const parsed = parsePolicy(document)
      if (!parsed.ok) {
        ctx.error(resource, `${label}: the policy document cannot be interpreted (${parsed.problem})`, 'PolicyDocumentMalformed')
        return
      }
      const matches = parsed.statements.filter(grantsFullAdmin)
      if (matches.length === 0) ctx.pass(resource, `${label} does not grant "*" on "*"`, { evidence: extra })
      else ctx.fail(resource, `${label} allows every action on every resource`, { evidence: { ...extra, statements: matches.map(describeStatement) } })
    }

    const known = new Set<string>()
    for (const policy of details.policies) {
      known.add(policy.arn)
      const holders = holdersByArn.get(policy.arn) ?? []
      if (policy.attachmentCount === 0 && holders.length === 0) continue
      const extra = { policyArn: policy.arn, awsManaged: policy.awsManaged, defaultVersionId: policy.defaultVersionId, attachmentCount: policy.attachmentCount, attachedTo: holders }
      if (!policy.document) {
        ctx.error(policy.arn, `${policy.name} is attached but its document (version ${policy.defaultVersionId}) is not in the snapshot`, 'PolicyDocumentMissing')
        continue
      }
      judge(policy.arn, `Managed policy ${policy.name}`, policy.document, extra)
    }
    for (const [arn, holders] of holdersByArn) {
      if (!known.has(arn)) ctx.error(arn, `${arn} is attached to ${holders.join(', ')} but the policy is not in the snapshot`, 'PolicyNotInSnapshot')
    }
    for (const p of principals) {
      for (const inline of p.inlinePolicies) {
        judge(`${p.arn}#inline-policy/${inline.name}`, `Inline policy ${inline.name} of ${p.kind} ${p.name}`, inline.document, { principalArn: p.arn, principalType: p.kind, policyName: inline.name })
      }
    }
  },
})
