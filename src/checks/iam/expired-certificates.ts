import { z } from 'zod'
import { defineCheck } from '../define.js'

export default defineCheck({
  id: 'iam.expired-certificates',
  title: 'No expired IAM server certificates',
  description:
    'Fails for every IAM server certificate (ListServerCertificates) whose expiration is before the evaluation time. Not applicable when the account stores no server certificates; a certificate without an expiration date is an error.',
  rationale:
    'An expired certificate can be deployed to a load balancer or CloudFront by mistake and break TLS for users, and stale certificates clutter the inventory of key material that must be protected and eventually destroyed.',
  remediation:
    'Make sure nothing uses the certificate (check the listeners of your load balancers and CloudFront distributions), then `aws iam delete-server-certificate --server-certificate-name <name>`. Prefer AWS Certificate Manager, which renews certificates automatically.',
  scope: 'account',
  requires: ['iam.serverCertificates'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    const certs = ctx.read('iam.serverCertificates')
    if (certs.length === 0) {
      ctx.notApplicable(ctx.accountArn, 'The account stores no IAM server certificates')
      return
    }
    for (const c of certs) {
      // Stryker disable next-line ConditionalExpression: Date.parse(undefined) is NaN too, so skipping the undefined test changes nothing
      const expires = c.expiration === undefined ? NaN : Date.parse(c.expiration)
      if (Number.isNaN(expires)) {
        ctx.error(c.arn, `Server certificate ${c.name} has no readable expiration date (${c.expiration ?? 'absent'})`, 'ExpirationUnknown')
        continue
      }
      const evidence = { expiration: c.expiration, evaluatedAt: ctx.now.toISOString() }
      if (expires < ctx.now.getTime()) ctx.fail(c.arn, `Server certificate ${c.name} expired on ${c.expiration}`, { evidence })
      else ctx.pass(c.arn, `Server certificate ${c.name} is valid until ${c.expiration}`, { evidence })
    }
  },
})
