import { z } from 'zod'
import { defineCheck } from '../define.js'

export default defineCheck({
  id: 'securityhub.enabled',
  title: 'Security Hub is enabled',
  description:
    'Security Hub is enabled in the region (DescribeHub answers with a hub). "Not subscribed" (Security Hub never enabled, or disabled) fails; a DescribeHub that could not be read is an error, not a failure.',
  rationale:
    'Security Hub gathers GuardDuty, Inspector, Access Analyzer and Config findings and runs the CIS and AWS Foundational Security Best Practices controls continuously; without it, findings stay scattered per service and region (CIS 4.16).',
  remediation:
    'Enable it in every region, ideally from the delegated administrator for the whole organization: `aws securityhub enable-security-hub --enable-default-standards`, then `aws securityhub update-organization-configuration --auto-enable` (or central configuration).',
  scope: 'region',
  remediationId: 'securityhub-enable',
  requires: ['securityhub.hub'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    const hub = ctx.read('securityhub.hub')
    if (hub.subscribed) {
      ctx.pass(ctx.accountArn, `Security Hub is enabled in ${ctx.region}`, { evidence: { region: ctx.region, hubArn: hub.hubArn, subscribedAt: hub.subscribedAt ?? null, autoEnableControls: hub.autoEnableControls ?? null } })
    } else {
      ctx.fail(ctx.accountArn, `Security Hub is not enabled in ${ctx.region} (the account is not subscribed)`, { evidence: { region: ctx.region, subscribed: false } })
    }
  },
})
