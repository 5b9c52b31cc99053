import { z } from 'zod'
import { defineCheck } from '../define.js'

export default defineCheck({
  id: 'iam.user-policies-via-groups',
  title: 'Users get permissions only through groups',
  description:
    'Fails for every IAM user that has a managed policy attached directly or an inline policy of its own (GetAccountAuthorizationDetails). One finding per user; the evidence names the policies.',
  rationale:
    'Permissions granted user by user drift apart and are forgotten when people change roles; granting them through groups (or, better, roles) keeps access reviewable per job function and makes revocation one membership change.',
  remediation:
    "Create or pick a group that carries the permission (`aws iam create-group --group-name <group>`, `aws iam attach-group-policy --group-name <group> --policy-arn <arn>`), add the user (`aws iam add-user-to-group --group-name <group> --user-name <user>`), then remove the user's own policies: `aws iam detach-user-policy --user-name <user> --policy-arn <arn>` and `aws iam delete-user-policy --user-name <user> --policy-name <name>`.",
  scope: 'account',
  remediationId: 'iam-remove-user-policies',
  requires: ['iam.authorizationDetails'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    for (const u of ctx.read('iam.authorizationDetails').users) {
      const attached = u.attachedPolicies.map((p) => p.arn)
      const inline = u.inlinePolicies.map((p) => p.name)
      if (attached.length === 0 && inline.length === 0) {
        ctx.pass(u.arn, `${u.name} has no policies of its own`)
        continue
      }
      const parts = [attached.length > 0 ? `attached: ${attached.join(', ')}` : '', inline.length > 0 ? `inline: ${inline.join(', ')}` : ''].filter(Boolean)
      ctx.fail(u.arn, `${u.name} has policies of its own (${parts.join('; ')})`, { evidence: { attachedPolicies: attached, inlinePolicies: inline } })
    }
  },
})
