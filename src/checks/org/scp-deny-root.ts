import { z } from 'zod'
import { defineCheck } from '../define.js'
import { requireDenied } from '../../scp/org-view.js'

export default defineCheck({
  id: 'org.scp-deny-root',
  title: 'SCPs deny actions by the root user of member accounts',
  description:
    'For every member account, the SCP chain denies representative actions (the `actions` option) when the caller is the account\'s root user, arn:aws:iam::<account>:root — the usual SCP is a Deny on "*" with {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}.',
  rationale: 'Root of a member account bypasses IAM policies; its password or keys, if ever set, are a second way in that only an SCP can shut.',
  remediation:
    'Attach an SCP to the root with {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}}.',
  scope: 'organization',
  requires: ['organization'],
  options: z.strictObject({ actions: z.array(z.string().regex(/^[\w-]+:[\w*?]+$/, 'an IAM action such as iam:CreateAccessKey')).min(1) }),
  evaluate(input, ctx) {
    requireDenied(input, ctx, {
      actions: ctx.options.actions,
      subject: 'The root user',
      principalArn: (accountId) => `arn:${ctx.partition}:iam::${accountId}:root`,
    })
  },
})
