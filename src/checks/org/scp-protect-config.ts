import { z } from 'zod'
import { defineCheck } from '../define.js'
import { requireDenied } from '../../scp/org-view.js'

export default defineCheck({
  id: 'org.scp-protect-config',
  title: 'SCPs stop member accounts from turning AWS Config off',
  description:
    'For every member account, the SCP chain root → OUs → account denies config:StopConfigurationRecorder, config:DeleteConfigurationRecorder and config:DeleteDeliveryChannel (configurable), evaluated as AWS does. A Deny that exempts named principals (a break-glass role via ArnNotLike aws:PrincipalArn) counts as protection; a Deny that depends on other conditions, or exempts a whole class of principals (arn:aws:iam::*:role/*), does not.',
  rationale: 'Stopping the Config recorder erases the configuration history auditors and detective controls rely on; an SCP is the one control the account itself cannot lift.',
  remediation:
    'Attach an SCP to the root (or every workload OU) with a Deny on config:StopConfigurationRecorder, config:DeleteConfigurationRecorder and config:DeleteDeliveryChannel on "*", optionally exempting a break-glass role with "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/BreakGlass"}}.',
  scope: 'organization',
  requires: ['organization'],
  options: z.strictObject({ actions: z.array(z.string().regex(/^[\w-]+:[\w*?]+$/, 'an IAM action such as config:StopConfigurationRecorder')).min(1) }),
  evaluate(input, ctx) {
    requireDenied(input, ctx, { actions: ctx.options.actions, subject: 'AWS Config' })
  },
})
