import { z } from 'zod'
import { defineCheck } from '../define.js'

export default defineCheck({
  id: 'iam.users-in-identity-account',
  title: 'IAM users exist only in the identity account',
  description:
    'IAM users exist only in the account(s) named in organization.identityAccounts; every other account is entered through roles. An account with no IAM users passes whatever the configuration. An account with users while no identity account is configured is an `error` (IdentityAccountNotConfigured): the check cannot tell whether they are allowed, and guessing either way would be wrong.',
  rationale: 'Users scattered across accounts means passwords and keys to rotate, MFA to enforce and leavers to remove in many places; one identity account and roles everywhere else keeps that in one place (CIS 1.21).',
  remediation:
    'Move the people to the identity account (or IAM Identity Center) and give them roles in this account; then delete the users here (`aws iam delete-user` after removing their keys, password, MFA and group memberships). If this account is the identity account, add it to organization.identityAccounts.',
  scope: 'account',
  requires: ['iam.authorizationDetails'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    const users = ctx.read('iam.authorizationDetails').users
    const identityAccounts = ctx.settings.identityAccounts
    if (users.length === 0) {
      ctx.pass(ctx.accountArn, 'The account has no IAM users')
      return
    }
    if (identityAccounts.includes(ctx.accountId)) {
      ctx.pass(ctx.accountArn, `This is the identity account: its ${users.length} IAM user(s) are expected here`, { evidence: { identityAccounts, userCount: users.length } })
      return
    }
    if (identityAccounts.length === 0) {
      ctx.error(
        ctx.accountArn,
        `The account has ${users.length} IAM user(s), but no identity account is configured, so the check cannot tell whether they belong here. Name it in guardrail.config.yaml under organization.identityAccounts.`,
        'IdentityAccountNotConfigured',
      )
      return
    }
    for (const u of users) {
      ctx.fail(u.arn, `IAM user ${u.name} exists outside the identity account (${identityAccounts.join(', ')})`, { evidence: { identityAccounts, userCreated: u.createDate } })
    }
  },
})
