import { z } from 'zod'
import { defineCheck } from '../define.js'

export default defineCheck({
  id: 'iam.user-in-group',
  title: 'Every IAM user belongs to a group',
  description: 'Fails for every IAM user that is a member of no IAM group (GetAccountAuthorizationDetails). One finding per user.',
  rationale:
    'Group membership is how an identity is tied to a job function and reviewed; a user in no group is either unused, or carries permissions that bypass the groups and escape access reviews.',
  remediation:
    'Add the user to the group that matches their job: IAM console → Users → <user> → Groups → Add user to groups, or `aws iam add-user-to-group --group-name <group> --user-name <user>`. If nobody can name the job, disable and delete the user (`aws iam delete-login-profile`, `aws iam delete-access-key`, `aws iam delete-user`).',
  scope: 'account',
  requires: ['iam.authorizationDetails'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    for (const u of ctx.read('iam.authorizationDetails').users) {
      if (u.groups.length > 0) ctx.pass(u.arn, `${u.name} is in ${u.groups.join(', ')}`, { evidence: { groups: u.groups } })
      else ctx.fail(u.arn, `${u.name} belongs to no IAM group`, { evidence: { groups: [] } })
    }
  },
})
