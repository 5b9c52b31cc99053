import { z } from 'zod'
import { defineCheck } from '../define.js'
import { requireDenied } from '../../scp/org-view.js'

// The actions by which a member account can switch off or detach itself from the organization's
// detective services. Chosen as the ones that *disable* a service or cut the member from its
// administrator; configuration changes inside a running service (filters, IP sets) are left out.
export const SECURITY_SERVICE_DISABLING_ACTIONS = [
  'guardduty:DeleteDetector',
  'guardduty:UpdateDetector',
  'guardduty:DisassociateFromAdministratorAccount',
  'guardduty:DisassociateFromMasterAccount',
  'securityhub:DisableSecurityHub',
  'securityhub:DisassociateFromAdministratorAccount',
  'securityhub:DisassociateFromMasterAccount',
  'access-analyzer:DeleteAnalyzer',
]

export default defineCheck({
  id: 'org.scp-protect-security-services',
  title: 'SCPs stop member accounts from disabling GuardDuty, Security Hub and Access Analyzer',
  description:
    'For every member account, the SCP chain denies the actions that disable the detective services or detach the member from their administrator: guardduty:DeleteDetector, guardduty:UpdateDetector (it can set Enable=false), guardduty:DisassociateFromAdministratorAccount, guardduty:DisassociateFromMasterAccount, securityhub:DisableSecurityHub, securityhub:DisassociateFromAdministratorAccount, securityhub:DisassociateFromMasterAccount and access-analyzer:DeleteAnalyzer (the list is the `actions` option).',
  rationale: 'Detection is only as good as its weakest account: an intruder who can turn GuardDuty or Security Hub off in one account works there unseen.',
  remediation:
    'Attach an SCP to the root (or every workload OU) denying the listed actions on "*", optionally exempting the security team\'s role with "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/SecurityAdmin"}}.',
  scope: 'organization',
  requires: ['organization'],
  options: z.strictObject({ actions: z.array(z.string().regex(/^[\w-]+:[\w*?]+$/, 'an IAM action such as guardduty:DeleteDetector')).min(1) }),
  evaluate(input, ctx) {
    requireDenied(input, ctx, { actions: ctx.options.actions, subject: 'GuardDuty / Security Hub / Access Analyzer' })
  },
})
