import { z } from 'zod'
import { defineCheck } from '../define.js'

export default defineCheck({
  id: 'iam.support-role',
  title: 'A role for AWS Support exists',
  description:
    'Passes when at least one IAM role has the AWS-managed policy AWSSupportAccess attached (GetAccountAuthorizationDetails), naming the role(s) in the evidence; fails on the account otherwise.',
  rationale:
    'During an incident someone must be able to open and follow up AWS Support cases quickly, and they should do it through a dedicated, least-privilege role instead of borrowing an administrator or root.',
  remediation:
    'Create a role that your support staff can assume and attach the policy: `aws iam create-role --role-name aws-support --assume-role-policy-document file://trust.json` (trust: your identity account or IAM Identity Center), then `aws iam attach-role-policy --role-name aws-support --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess`.',
  scope: 'account',
  requires: ['iam.authorizationDetails'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    const supportArn = `arn:${ctx.partition}:iam::aws:policy/AWSSupportAccess`
    const roles = ctx
      .read('iam.authorizationDetails')
      .roles.filter((r) => r.attachedPolicies.some((p) => p.arn === supportArn))
      .map((r) => r.arn)
    if (roles.length > 0) ctx.pass(ctx.accountArn, `AWSSupportAccess is attached to ${roles.join(', ')}`, { evidence: { policyArn: supportArn, roles } })
    else ctx.fail(ctx.accountArn, 'No IAM role has AWSSupportAccess attached', { evidence: { policyArn: supportArn, roles: [] } })
  },
})
