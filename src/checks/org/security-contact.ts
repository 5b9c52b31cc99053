import { z } from 'zod'
import { defineCheck } from '../define.js'

export default defineCheck({
  id: 'org.security-contact',
  title: 'The account has a security alternate contact',
  description: 'The account has a SECURITY alternate contact with an e-mail address (Account Management GetAlternateContact).',
  rationale: 'AWS sends abuse and security notifications to the security contact; without one they go to the root e-mail, which nobody may read.',
  remediation:
    'Set it in the account (Account → Alternate contacts → Security) or from the management account: `aws account put-alternate-contact --account-id <id> --alternate-contact-type SECURITY --email-address … --name … --phone-number … --title …`.',
  scope: 'account',
  remediationId: 'account-set-security-contact',
  requires: ['account.securityContact'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    const contact = ctx.read('account.securityContact')
    if (contact && contact.emailAddress) {
      // The contact is personal data: evidence says it exists, not who it is.
      ctx.pass(ctx.accountArn, 'A security alternate contact is set', { evidence: { contactType: 'SECURITY', hasEmail: true, hasPhone: Boolean(contact.phoneNumber) } })
    } else {
      ctx.fail(ctx.accountArn, 'No security alternate contact is set', { evidence: { contactType: 'SECURITY', present: contact !== null } })
    }
  },
})
