import { z } from 'zod'
import { defineCheck } from '../define.js'
import { requireDenied } from '../../scp/org-view.js'

export default defineCheck({
  id: 'org.scp-deny-leave',
  title: 'SCPs stop member accounts from leaving the organization',
  description: 'For every member account, the SCP chain root → OUs → account denies organizations:LeaveOrganization, evaluated as AWS does.',
  rationale: 'An account that leaves the organization leaves every SCP, the organization trail and delegated security services behind with it.',
  remediation: 'Attach an SCP to the root with {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}.',
  scope: 'organization',
  requires: ['organization'],
  options: z.strictObject({}),
  evaluate(input, ctx) {
    requireDenied(input, ctx, { actions: ['organizations:LeaveOrganization'], subject: 'Organization membership' })
  },
})
