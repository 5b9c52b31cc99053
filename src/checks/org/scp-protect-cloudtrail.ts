import { z } from 'zod'
import { defineCheck } from '../define.js'
import { requireDenied } from '../../scp/org-view.js'

export default defineCheck({
  id: 'org.scp-protect-cloudtrail',
  title: 'SCPs stop member accounts from turning CloudTrail off',
  description:
    'For every member account, the SCP chain root → OUs → account denies cloudtrail:StopLogging, cloudtrail:DeleteTrail and cloudtrail:UpdateTrail (configurable), evaluated as AWS does. A Deny that exempts named principals (a break-glass role via ArnNotLike aws:PrincipalArn) counts as protection; a Deny that depends on other conditions, or exempts a whole class of principals (arn:aws:iam::*:role/*), does not.',
  rationale: 'An intruder with admin rights in a member account first stops the audit trail; an SCP is the one control the account itself cannot lift.',
  remediation:
    'Attach an SCP to the root (or every workload OU) with a Deny on cloudtrail:StopLogging, cloudtrail:DeleteTrail and cloudtrail:UpdateTrail on "*", optionally exempting a break-glass role with "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/BreakGlass"}}.',
  scope: 'organization',
  requires: ['organization'],
  options: z.strictObject({ actions: z.array(z.string().regex(/^[\w-]+:[\w*?]+$/, 'an IAM action such as cloudtrail:StopLogging')).min(1) }),
  evaluate(input, ctx) {
    requireDenied(input, ctx, { actions: ctx.options.actions, subject: 'CloudTrail' })
  },
})
