// The CloudTrail collector (src/collect/collectors/cloudtrail.ts) on answers moto never gives, stubbed
// at the SDK boundary with AWS's documented shapes: S3's redirect to the bucket's region, the
// listing filters (replicas of multi-region trails, another account's organization trail), and
// malformed or "empty string" fields. Everything moto does answer is covered against it in
// test/checks/cloudtrail/cloudtrail.e2e.test.ts and the pipeline test.
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, type Trail as SdkTrail } from '@aws-sdk/client-cloudtrail'
import { GetBucketLoggingCommand, S3Client } from '@aws-sdk/client-s3'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiCallCounter } from '../../src/aws/call-counter.js'
import { createSession } from '../../src/aws/session.js'
import { ORGANIZATION_TRAILS, collectTrails, readBucketLogging } from '../../src/collect/collectors/cloudtrail.js'
import type { Trail } from '../../src/snapshot/cloudtrail.js'
import type { Readable } from '../../src/snapshot/readable.js'

const ACCOUNT = '111111111111'
const MANAGEMENT = '000000000000'
const session = () => createSession({ region: 'eu-west-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, endpoint: 'http://127.0.0.1:9', maxAttempts: 1, counter: new ApiCallCounter() })
const awsError = (name: string, message: string, httpStatusCode: number, headers: Record<string, string> = {}) =>
  Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode }, $response: { statusCode: httpStatusCode, headers } })

const sdkTrail = (name: string, homeRegion: string, accountId = ACCOUNT, extra: Partial<SdkTrail> = {}): SdkTrail => ({
  Name: name,
  TrailARN: `arn:aws:cloudtrail:${homeRegion}:${accountId}:trail/${name}`,
  HomeRegion: homeRegion,
  S3BucketName: `${name}-bucket`,
  IsMultiRegionTrail: true,
  IsOrganizationTrail: false,
  LogFileValidationEnabled: true,
  ...extra,
})

const cloudtrail = mockClient(CloudTrailClient)
const s3 = mockClient(S3Client)
afterEach(() => {
  cloudtrail.reset()
  s3.reset()
})

function answerPerTrailReads(): void {
  cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true, LatestDeliveryTime: new Date('2026-05-31T23:00:00Z') })
  cloudtrail.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }] })
  s3.on(GetBucketLoggingCommand).resolves({})
}

const value = <T>(r: Readable<T>): T => {
  if (r.kind !== 'ok') throw new Error(`unreadable: ${r.error.code} ${r.error.message}`)
  return r.value
}
/** The region of the client each call of `stub` was sent through. */
const regionsCalled = (stub: typeof cloudtrail | typeof s3) => Promise.all(stub.calls().map((c) => (c.thisValue as { config: { region: () => Promise<string> } }).config.region()))

describe('s3:GetBucketLogging on the trail bucket (SDK-boundary stub: moto does not redirect S3 requests between regions)', () => {
  it("a bucket in another region answers 301 with its region (x-amz-bucket-region): the read is asked once more there", async () => {
    s3.on(GetBucketLoggingCommand)
      .rejectsOnce(awsError('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint.', 301, { 'x-amz-bucket-region': 'us-east-1' }))
      .resolves({ LoggingEnabled: { TargetBucket: 'access-logs', TargetPrefix: 'trail/' } })
    expect(await readBucketLogging(session(), 'eu-west-1', 'trail-bucket')).toEqual({ kind: 'ok', value: { enabled: true, targetBucket: 'access-logs' } })
    expect(await regionsCalled(s3)).toEqual(['eu-west-1', 'us-east-1'])
  })

  it('a redirect that names no other region stays the failure, with its code', async () => {
    s3.on(GetBucketLoggingCommand).rejects(awsError('PermanentRedirect', 'moved', 301))
    expect(await readBucketLogging(session(), 'eu-west-1', 'trail-bucket')).toMatchObject({ kind: 'unreadable', error: { code: 'PermanentRedirect', operation: 's3:GetBucketLogging' } })
    s3.reset()
    s3.on(GetBucketLoggingCommand).rejects(awsError('PermanentRedirect', 'moved', 301, { 'x-amz-bucket-region': 'eu-west-1' }))
    expect(await readBucketLogging(session(), 'eu-west-1', 'trail-bucket')).toMatchObject({ kind: 'unreadable', error: { code: 'PermanentRedirect' } })
    expect(s3.calls()).toHaveLength(1)
  })

  it('AccessDenied (a bucket of another account) is not retried elsewhere', async () => {
    s3.on(GetBucketLoggingCommand).rejects(awsError('AccessDenied', 'Access Denied', 403, { 'x-amz-bucket-region': 'us-east-1' }))
    expect(await readBucketLogging(session(), 'eu-west-1', 'archive-bucket')).toMatchObject({ kind: 'unreadable', error: { code: 'AccessDenied' } })
    expect(s3.calls()).toHaveLength(1)
  })
})

describe('collectTrails listing (SDK-boundary stub: DescribeTrails answers moto never gives)', () => {
  const listing = [sdkTrail('own', 'eu-west-1'), sdkTrail('replica-of-multi-region', 'us-east-1'), sdkTrail('org-trail', 'eu-west-1', MANAGEMENT, { IsOrganizationTrail: true })]

  it("an account's own trails: only those homed in the region and owned by the account, even if AWS listed more", async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: listing })
    answerPerTrailReads()
    const trails = value(await collectTrails(session(), 'eu-west-1', ACCOUNT))
    expect(trails.map((t) => t.name)).toEqual(['own'])
    expect(cloudtrail.commandCalls(DescribeTrailsCommand)[0]!.args[0].input).toEqual({ includeShadowTrails: false })
    expect(cloudtrail.commandCalls(GetTrailStatusCommand).map((c) => c.args[0].input)).toEqual([{ Name: listing[0]!.TrailARN }])
  })

  it('organization trails: shadow trails asked for, organization trails kept, each read with the client of its home region', async () => {
    const orgTrailHomedElsewhere = sdkTrail('org-trail', 'us-east-1', MANAGEMENT, { IsOrganizationTrail: true })
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [sdkTrail('own', 'eu-west-1', MANAGEMENT), orgTrailHomedElsewhere, orgTrailHomedElsewhere] })
    answerPerTrailReads()
    const trails = value(await collectTrails(session(), 'eu-west-1', MANAGEMENT, ORGANIZATION_TRAILS))
    expect(trails.map((t) => [t.name, t.accountId, t.homeRegion, t.isOrganizationTrail])).toEqual([['org-trail', MANAGEMENT, 'us-east-1', true]])
    expect(cloudtrail.commandCalls(DescribeTrailsCommand)[0]!.args[0].input).toEqual({ includeShadowTrails: true })
    // DescribeTrails in the scan region, the trail's reads in its home region (the duplicate read once).
    expect(await regionsCalled(cloudtrail)).toEqual(['eu-west-1', 'us-east-1', 'us-east-1'])
    expect(await regionsCalled(s3)).toEqual(['us-east-1'])
  })

  it('trails sharing a bucket: its logging is read once, and both trails carry it', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [sdkTrail('a', 'eu-west-1', ACCOUNT, { S3BucketName: 'shared' }), sdkTrail('b', 'eu-west-1', ACCOUNT, { S3BucketName: 'shared' })] })
    answerPerTrailReads()
    s3.on(GetBucketLoggingCommand).resolves({ LoggingEnabled: { TargetBucket: 'access-logs', TargetPrefix: '' } })
    const trails = value(await collectTrails(session(), 'eu-west-1', ACCOUNT))
    expect(trails.map((t) => [t.name, t.bucketLogging])).toEqual([
      ['a', { kind: 'ok', value: { enabled: true, targetBucket: 'access-logs' } }],
      ['b', { kind: 'ok', value: { enabled: true, targetBucket: 'access-logs' } }],
    ])
    expect(s3.commandCalls(GetBucketLoggingCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: 'shared' }])
    expect(cloudtrail.commandCalls(GetTrailStatusCommand)).toHaveLength(2)
  })

  it('DescribeTrails failing makes the whole slice unreadable with the AWS code, and nothing else is asked', async () => {
    cloudtrail.on(DescribeTrailsCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform cloudtrail:DescribeTrails', 400))
    expect(await collectTrails(session(), 'eu-west-1', ACCOUNT)).toMatchObject({ kind: 'unreadable', error: { code: 'AccessDeniedException', operation: 'cloudtrail:DescribeTrails' } })
    expect(cloudtrail.calls()).toHaveLength(1)
    expect(s3.calls()).toHaveLength(0)
  })

  it('a trail ARN that is not a CloudTrail ARN is a malformed response, not a trail', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [{ ...sdkTrail('odd', 'eu-west-1'), TrailARN: 'not-an-arn' }] })
    expect(await collectTrails(session(), 'eu-west-1', ACCOUNT)).toMatchObject({ kind: 'unreadable', error: { code: 'MalformedResponse', operation: 'cloudtrail:DescribeTrails' } })
  })

  it('maps every field: empty strings are "not set", dates become ISO strings, selectors keep their operators, no bucket means no logging read', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({
      trailList: [sdkTrail('full', 'eu-west-1', ACCOUNT, { KmsKeyId: '', S3BucketName: '', CloudWatchLogsLogGroupArn: 'arn:aws:logs:eu-west-1:111111111111:log-group:trail:*', S3KeyPrefix: 'p' })],
    })
    cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: false, LatestDeliveryError: '', LatestCloudWatchLogsDeliveryError: 'AccessDenied', LatestCloudWatchLogsDeliveryTime: new Date('2026-05-01T00:00:00Z') })
    cloudtrail.on(GetEventSelectorsCommand).resolves({ AdvancedEventSelectors: [{ Name: 'S3', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.ARN', NotStartsWith: ['arn:aws:s3:::trail-bucket/'] }] }] })
    const [trail] = value(await collectTrails(session(), 'eu-west-1', ACCOUNT))
    expect(trail).toEqual<Trail>({
      name: 'full',
      arn: 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/full',
      accountId: ACCOUNT,
      homeRegion: 'eu-west-1',
      isMultiRegion: true,
      isOrganizationTrail: false,
      logFileValidation: true,
      s3KeyPrefix: 'p',
      cloudWatchLogsLogGroupArn: 'arn:aws:logs:eu-west-1:111111111111:log-group:trail:*',
      status: { kind: 'ok', value: { isLogging: false, latestCloudWatchLogsDeliveryError: 'AccessDenied', latestCloudWatchLogsDeliveryTime: '2026-05-01T00:00:00.000Z' } },
      selectors: { kind: 'ok', value: { basic: [], advanced: [{ name: 'S3', fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }, { field: 'resources.ARN', notStartsWith: ['arn:aws:s3:::trail-bucket/'] }] }] } },
    })
    expect(s3.calls()).toHaveLength(0)
  })

  it('GetTrailStatus without IsLogging is malformed: that piece only is unreadable', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [sdkTrail('t', 'eu-west-1')] })
    answerPerTrailReads()
    cloudtrail.on(GetTrailStatusCommand).resolves({})
    const [trail] = value(await collectTrails(session(), 'eu-west-1', ACCOUNT))
    expect(trail!.status).toMatchObject({ kind: 'unreadable', error: { code: 'MalformedResponse', operation: 'cloudtrail:GetTrailStatus' } })
    expect(trail!.selectors.kind).toBe('ok')
    expect(trail!.bucketLogging).toEqual({ kind: 'ok', value: { enabled: false } })
  })
})
