import { z } from 'zod'
import { defineCheck } from '../define.js'

export default defineCheck({
  id: 'iam.user-console-mfa',
  title: 'IAM users with a console password have MFA',
  description:
    'Every IAM user that can sign in to the AWS console with a password has an MFA device. A user whose password state the credential report does not give (password_enabled neither true nor false) is reported as an error, not skipped.',
  rationale: 'A password alone is phished, guessed or reused; MFA stops a stolen password from becoming a console session.',
  remediation:
    'Ask the user to register an MFA device (IAM console → Users → Security credentials → Assign MFA device), or remove the console password if the user does not need the console (`aws iam delete-login-profile --user-name <user>`).',
  scope: 'account',
  requires: ['iam.credentialReport'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    for (const u of ctx.read('iam.credentialReport').users) {
      if (u.isRoot) continue
      if (u.passwordEnabled === null) {
        // Unknown is not "no password": skipping the user would let a console user without MFA go unreported.
        ctx.error(u.arn, `${u.user}: the credential report does not say whether the user has a console password`, 'PasswordStateUnknown')
        continue
      }
      if (!u.passwordEnabled) continue
      if (u.mfaActive) ctx.pass(u.arn, `${u.user} has MFA`)
      else ctx.fail(u.arn, `${u.user} can sign in to the console without MFA`, { evidence: { passwordEnabled: true, mfaActive: false, passwordLastUsed: u.passwordLastUsed } })
    }
  },
})
