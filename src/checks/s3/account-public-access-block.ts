import { z } from 'zod'
import { defineCheck } from '../define.js'

const FLAGS = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const
/** The names AWS uses in the API and the console, for messages. */
const AWS_NAME: Record<(typeof FLAGS)[number], string> = {
  blockPublicAcls: 'BlockPublicAcls',
  ignorePublicAcls: 'IgnorePublicAcls',
  blockPublicPolicy: 'BlockPublicPolicy',
  restrictPublicBuckets: 'RestrictPublicBuckets',
}

export default defineCheck({
  id: 's3.account-public-access-block',
  title: 'S3 Block Public Access is on for the whole account',
  description:
    'The account-level S3 Block Public Access settings (S3 Control GetPublicAccessBlock) have all four flags on: BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets. An account that never set them (NoSuchPublicAccessBlockConfiguration) fails.',
  rationale:
    'The account-level block overrides every bucket and access point, so one setting stops a bucket policy or ACL from ever making data public, whoever creates the bucket and however it is configured (CIS 2.1.4; the "no public S3" guardrail for sandboxes).',
  remediation:
    '`aws s3control put-public-access-block --account-id <account> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true` (check first that no workload serves public content straight from S3; use CloudFront with origin access control instead). Across an organization, an SCP denying s3:PutAccountPublicAccessBlock keeps it on.',
  scope: 'account',
  remediationId: 's3-account-public-access-block',
  requires: ['s3control.publicAccessBlock'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    const block = ctx.read('s3control.publicAccessBlock')
    if (!block.configured) {
      ctx.fail(ctx.accountArn, 'The account has no S3 Block Public Access configuration (every setting is off)', { evidence: { configured: false } })
      return
    }
    const evidence = { configured: true, ...Object.fromEntries(FLAGS.map((f) => [AWS_NAME[f], block[f]])) }
    const off = FLAGS.filter((f) => !block[f]).map((f) => AWS_NAME[f])
    if (off.length === 0) ctx.pass(ctx.accountArn, 'All four account-level S3 Block Public Access settings are on', { evidence })
    else ctx.fail(ctx.accountArn, `Account-level S3 Block Public Access is incomplete: ${off.join(', ')} ${off.length === 1 ? 'is' : 'are'} off`, { evidence })
  },
})
