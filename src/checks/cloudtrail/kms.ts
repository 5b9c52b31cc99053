import { z } from 'zod'
import { defineCheck } from '../define.js'
import { judgeEachTrail, trailLabel } from '../lib/trail-verdicts.js'

export default defineCheck({
  id: 'cloudtrail.kms',
  title: 'Trails encrypt their logs with a KMS key',
  description: 'Every trail that applies to the account (its own, and organization trails covering it) encrypts its log files with a customer-managed KMS key (SSE-KMS, KmsKeyId set) rather than only the bucket default.',
  rationale: 'With SSE-KMS, reading the logs needs kms:Decrypt on the key as well as s3:GetObject on the bucket: a second, separately granted and audited permission, so a bucket policy mistake alone does not expose the record of the organization (CIS 3.5).',
  remediation: 'Create a KMS key whose policy lets cloudtrail.amazonaws.com encrypt (and the auditors decrypt), then `aws cloudtrail update-trail --name <trail> --kms-key-id <key-arn>` in the trail\'s home region and owning account.',
  scope: 'account',
  remediationId: 'cloudtrail-enable-kms-encryption',
  requires: [],
  acrossRegions: ['cloudtrail.trails'],
  options: z.strictObject({}),
  evaluate(input, ctx) {
    judgeEachTrail(input, ctx, (applied) => {
      const { kmsKeyId } = applied.trail
      return kmsKeyId
        ? { status: 'pass', message: `Trail ${trailLabel(applied)} encrypts its logs with KMS key ${kmsKeyId}`, evidence: { kmsKeyId } }
        : { status: 'fail', message: `Trail ${trailLabel(applied)} does not encrypt its logs with a KMS key`, evidence: { kmsKeyId: null } }
    })
  },
})
