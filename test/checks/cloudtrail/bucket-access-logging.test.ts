// Table test for cloudtrail.bucket-access-logging (CIS 3.4): the trail bucket logs server access.
import { expect } from 'vitest'
import check from '../../../src/checks/cloudtrail/bucket-access-logging.js'
import { checkCases } from '../../support/check-cases.js'
import { MANAGEMENT_ID, MEMBER_ID, REGION, accountArn, accountWithTrails, denied, ok, orgTrail, orgWithTrails, trail, trailArn, unreadable, withTrails } from './support.js'

checkCases(check, {
  pass: [
    { name: 'access logging on', snapshot: withTrails({ [REGION]: [trail('main')] }), expect: [{ resource: trailArn('main'), evidence: expect.objectContaining({ bucket: 'main-logs', accessLogging: true, targetBucket: 'access-logs' }) }] },
    { name: 'a member covered only by an organization trail', snapshot: orgWithTrails([orgTrail()], [accountWithTrails({ [REGION]: [] }, MEMBER_ID)]), expect: [{ accountId: MEMBER_ID, resource: trailArn('org-trail', MANAGEMENT_ID) }] },
  ],
  fail: [
    { name: 'access logging off', snapshot: withTrails({ [REGION]: [trail('main', { bucketLogging: ok({ enabled: false }) })] }), expect: [{ resource: trailArn('main'), message: expect.stringContaining('main-logs') }] },
    { name: 'the bucket does not exist', snapshot: withTrails({ [REGION]: [trail('main', { bucketLogging: unreadable({ code: 'NoSuchBucket', message: 'The specified bucket does not exist', operation: 's3:GetBucketLogging' }) })] }), expect: [{ message: expect.stringContaining('does not exist') }] },
    { name: 'a trail that names no bucket', snapshot: withTrails({ [REGION]: [trail('main', { s3BucketName: undefined, bucketLogging: undefined })] }), expect: [{ message: expect.stringContaining('names no S3 bucket') }] },
  ],
  not_applicable: [{ name: 'no trail at all', snapshot: withTrails({ [REGION]: [] }), expect: [{ resource: accountArn() }] }],
  error: [
    {
      name: 'AccessDenied on a bucket in another account: names the bucket and where to read it',
      snapshot: withTrails({ [REGION]: [trail('main', { s3BucketName: 'org-log-archive', bucketLogging: denied('s3:GetBucketLogging') })] }),
      expect: [{ resource: trailArn('main'), errorCode: 'AccessDenied', message: expect.stringMatching(/bucket org-log-archive .*must be read where the bucket lives/) }],
    },
    { name: 'throttled: the AWS code, without the other-account hint', snapshot: withTrails({ [REGION]: [trail('main', { bucketLogging: unreadable({ code: 'SlowDown', message: 'Please reduce your request rate', operation: 's3:GetBucketLogging', transient: true }) })] }), expect: [{ errorCode: 'SlowDown', message: expect.not.stringContaining('where the bucket lives') }] },
    { name: 'bucket logging not collected (older snapshot)', snapshot: withTrails({ [REGION]: [trail('main', { bucketLogging: undefined })] }), expect: [{ errorCode: 'NotCollected' }] },
    { name: 'trails unreadable', snapshot: withTrails({ [REGION]: denied('cloudtrail:DescribeTrails') }), expect: [{ errorCode: 'AccessDenied' }] },
  ],
})
