// Seeds CloudTrail so the pipeline test sees the cloudtrail-trails collector make every operation it
// declares in every seeded region: a trail homed there (so GetTrailStatus, GetEventSelectors and the
// trail bucket's s3:GetBucketLogging are read), started and with read+write management events; the
// first region's trail is multi-region and delivers to the monitoring seed's log group. One bucket
// holds the logs (so s3-buckets' ListBuckets has something to list).
import { CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail'
import { CreateBucketCommand, S3Client, type BucketLocationConstraint } from '@aws-sdk/client-s3'
import type { ServiceSeed } from './index.js'

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }
const ACCOUNT = '123456789012' // moto's default account
export const SEED_TRAIL_BUCKET = 'seed-trail-bucket'

export const cloudtrailSeed: ServiceSeed = {
  service: 'cloudtrail, s3',
  async seed(endpoint, regions) {
    const home = regions[0]!
    const s3 = new S3Client({ region: home, endpoint, credentials, maxAttempts: 1, forcePathStyle: true })
    await s3.send(new CreateBucketCommand({ Bucket: SEED_TRAIL_BUCKET, ...(home === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: home as BucketLocationConstraint } }) }))
    for (const region of regions) {
      const cloudtrail = new CloudTrailClient({ region, endpoint, credentials, maxAttempts: 1 })
      const name = `seed-trail-${region}`
      await cloudtrail.send(
        new CreateTrailCommand({
          Name: name,
          S3BucketName: SEED_TRAIL_BUCKET,
          IsMultiRegionTrail: region === home,
          EnableLogFileValidation: true,
          CloudWatchLogsLogGroupArn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:seed-trail-logs:*`,
          CloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/cloudtrail-to-logs`,
        }),
      )
      await cloudtrail.send(new StartLoggingCommand({ Name: name }))
      await cloudtrail.send(new PutEventSelectorsCommand({ TrailName: name, EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] }))
    }
  },
}
