import { z } from 'zod'
import { defineCheck } from '../define.js'

export default defineCheck({
  id: 'iam.cloudshell-full-access',
  title: 'AWSCloudShellFullAccess is attached to no one',
  description:
    'Fails for every IAM user, group and role that has the AWS-managed policy AWSCloudShellFullAccess attached (GetAccountAuthorizationDetails); passes on the account when none has. If the policy reports attachments that no principal in the snapshot accounts for, the check reports an error rather than a pass.',
  rationale:
    'CloudShell full access includes uploading and downloading files to and from a shell that has the caller\'s credentials and internet access: a ready-made channel for moving data out of the account that bypasses endpoint controls.',
  remediation:
    'Detach the policy (`aws iam detach-user-policy --user-name <user> --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess`, or detach-group-policy / detach-role-policy) and, where CloudShell is needed, grant a customer-managed policy that allows cloudshell:* but denies cloudshell:GetFileDownloadUrls and cloudshell:GetFileUploadUrls.',
  scope: 'account',
  requires: ['iam.authorizationDetails'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    const policyArn = `arn:${ctx.partition}:iam::aws:policy/AWSCloudShellFullAccess`
    const details = ctx.read('iam.authorizationDetails')
    const holders = [
      ...details.users.map((p) => ({ kind: 'user', name: p.name, arn: p.arn, attached: p.attachedPolicies })),
      ...details.groups.map((p) => ({ kind: 'group', name: p.name, arn: p.arn, attached: p.attachedPolicies })),
      ...details.roles.map((p) => ({ kind: 'role', name: p.name, arn: p.arn, attached: p.attachedPolicies })),
    ].filter((p) => p.attached.some((a) => a.arn === policyArn))
    for (const h of holders) ctx.fail(h.arn, `AWSCloudShellFullAccess is attached to ${h.kind} ${h.name}`, { evidence: { policyArn, principalType: h.kind } })
    if (holders.length > 0) return
    const reported = details.policies.find((p) => p.arn === policyArn)?.attachmentCount ?? 0
    if (reported > 0) {
      ctx.error(policyArn, `AWSCloudShellFullAccess reports ${reported} attachment(s) but no user, group or role in the snapshot holds it`, 'InconsistentAuthorizationDetails')
      return
    }
    ctx.pass(ctx.accountArn, 'AWSCloudShellFullAccess is attached to no user, group or role', { evidence: { policyArn, attachments: 0 } })
  },
})
