import { z } from 'zod'
import { describeAwsError } from '../../snapshot/readable.js'
import { defineCheck } from '../define.js'
import { judgeEachTrail, trailLabel } from '../lib/trail-verdicts.js'

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'AllAccessDisabled'])

export default defineCheck({
  id: 'cloudtrail.bucket-access-logging',
  title: 'The trail bucket has server access logging',
  description:
    'The S3 bucket every applying trail delivers to (its own, and organization trails covering it) has server access logging enabled (s3:GetBucketLogging returns a LoggingEnabled target). The logging is read with the trail, in the account that owns the trail: a bucket in another account (a log archive) usually answers AccessDenied, which is reported as an error naming the bucket, never as a pass.',
  rationale:
    'Access logs of the log bucket show who read, copied or deleted the audit trail itself — the first thing an intruder covering their tracks touches (CIS 3.4).',
  remediation:
    'In the account that owns the bucket, send its access logs to a separate bucket: `aws s3api put-bucket-logging --bucket <trail-bucket> --bucket-logging-status \'{"LoggingEnabled":{"TargetBucket":"<access-log-bucket>","TargetPrefix":"<trail-bucket>/"}}\'` (the target bucket must allow the logging.s3.amazonaws.com service principal to write).',
  scope: 'account',
  requires: [],
  acrossRegions: ['cloudtrail.trails'],
  options: z.strictObject({}),
  evaluate(input, ctx) {
    judgeEachTrail(input, ctx, (applied) => {
      const { trail } = applied
      const label = `Trail ${trailLabel(applied)}`
      const bucket = trail.s3BucketName
      if (!bucket) return { status: 'fail', message: `${label} names no S3 bucket`, evidence: { bucket: null } }
      const logging = trail.bucketLogging
      if (!logging) return { status: 'error', message: `The access logging of bucket ${bucket} (${label}) was not collected`, code: 'NotCollected' }
      if (logging.kind === 'unreadable') {
        const { error } = logging
        if (error.code === 'NoSuchBucket') return { status: 'fail', message: `${label} delivers to bucket ${bucket}, which does not exist`, evidence: { bucket, errorCode: error.code } }
        const where = ACCESS_DENIED.has(error.code)
          ? ` If the bucket lives in another account (such as a log archive), its logging must be read where the bucket lives: scan that account, or allow s3:GetBucketLogging on the bucket to the audit role of account ${trail.accountId}.`
          : ''
        return { status: 'error', message: `Could not read the access logging of bucket ${bucket} (${label}): ${describeAwsError(error)}.${where}`, code: error.code }
      }
      const evidence = { bucket, accessLogging: logging.value.enabled, targetBucket: logging.value.targetBucket ?? null }
      return logging.value.enabled
        ? { status: 'pass', message: `Bucket ${bucket} of ${label} logs server access${logging.value.targetBucket ? ` to ${logging.value.targetBucket}` : ''}`, evidence }
        : { status: 'fail', message: `Bucket ${bucket} of ${label} has no server access logging`, evidence }
    })
  },
})
