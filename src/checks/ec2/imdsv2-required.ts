import { z } from 'zod'
import { defineCheck } from '../define.js'

export default defineCheck({
  id: 'ec2.imdsv2-required',
  title: 'EC2 instances require IMDSv2',
  description:
    'Every EC2 instance that is not terminated requires session tokens for the instance metadata service (HttpTokens `required`, i.e. IMDSv2 only), or has the metadata endpoint disabled. An instance whose metadata options EC2 did not report gives `error`, not a pass.',
  rationale:
    'IMDSv1 answers any GET from the instance, so a server-side request forgery in one web application hands out the instance role\'s credentials; IMDSv2\'s session token stops that (CIS 5.6).',
  remediation:
    'Require tokens (test the applications first: current SDKs use IMDSv2): `aws ec2 modify-instance-metadata-options --instance-id <id> --http-tokens required --http-endpoint enabled`; set it in launch templates, and account-wide with `aws ec2 modify-instance-metadata-defaults --http-tokens required`.',
  scope: 'region',
  remediationId: 'ec2-require-imdsv2',
  requires: ['ec2.instances'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    for (const i of ctx.read('ec2.instances')) {
      const evidence = { instanceId: i.instanceId, state: i.state, httpTokens: i.httpTokens ?? null, httpEndpoint: i.httpEndpoint ?? null }
      if (i.httpEndpoint === 'disabled') ctx.pass(i.arn, `${i.instanceId} has the metadata service disabled`, { evidence })
      else if (i.httpTokens === 'required') ctx.pass(i.arn, `${i.instanceId} requires IMDSv2`, { evidence })
      else if (i.httpTokens === undefined) ctx.error(i.arn, `EC2 did not report the metadata options of ${i.instanceId}`, 'MetadataOptionsMissing')
      else ctx.fail(i.arn, `${i.instanceId} (${i.state}) accepts IMDSv1 (HttpTokens ${i.httpTokens})`, { evidence })
    }
  },
})
