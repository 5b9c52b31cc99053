// The trails of a region, with what each one really does: 'cloudtrail.trails'.
//   cloudtrail:DescribeTrails (includeShadowTrails=false) → the trails HOMED in this region and account
//   per trail, each its own isolated read, so one failure hides nothing else:
//     cloudtrail:GetTrailStatus  → IsLogging, delivery errors and times
//     cloudtrail:GetEventSelectors → basic or advanced event selectors
//     s3:GetBucketLogging on the trail's bucket → server access logging (CIS 3.4)
// A multi-region trail is therefore read once, in its home region; checks read every region.
// DescribeTrails is not paginated; calls per account-region are 1 + 2 per trail homed there (AWS
// allows 5 trails per region) + 1 per distinct trail bucket, independent of users, instances or events.
//
// The organization collector reuses collectTrails with ORGANIZATION_TRAILS in the management account:
// shadow trails included, organization trails kept, each read in its home region.
import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, type CloudTrailClient, type Trail as SdkTrail } from '@aws-sdk/client-cloudtrail'
import { GetBucketLoggingCommand, type S3Client } from '@aws-sdk/client-s3'
import type { AwsSession } from '../../aws/session.js'
import type { BucketLogging, EventSelectors, Trail, TrailStatus } from '../../snapshot/cloudtrail.js'
import type { Readable } from '../../snapshot/readable.js'
import { isolatedRead } from '../isolate.js'
import { MalformedResponseError, optionalIsoDate, required } from '../response.js'

export interface TrailListing {
  /**
   * false: only the trails homed in the region and account read (an account's own trails, once each).
   * true: every trail DescribeTrails shows there, including replicas of trails homed in other regions
   * and organization trails of another account.
   */
  includeShadowTrails: boolean
  /** Keep only organization trails (IsOrganizationTrail). */
  onlyOrganizationTrails: boolean
}

/** An account's own trails, region by region (the cloudtrail-trails collector). */
export const OWN_TRAILS: TrailListing = { includeShadowTrails: false, onlyOrganizationTrails: false }
/** The organization trails, as the management account (or a delegated administrator) sees them from one region. */
export const ORGANIZATION_TRAILS: TrailListing = { includeShadowTrails: true, onlyOrganizationTrails: true }

const DESCRIBE = 'cloudtrail:DescribeTrails'
const ARN = /^arn:([^:]+):cloudtrail:([^:]+):(\d{12}):trail\/.+$/

/**
 * The trails `listing` selects in `region` of `accountId`, each with its status, event selectors and
 * (when it names a bucket) the bucket's access logging. Never throws for an AWS failure: DescribeTrails
 * failing makes the whole slice unreadable; a per-trail read failing makes only that piece unreadable.
 */
export function collectTrails(session: AwsSession, region: string, accountId: string, listing: TrailListing = OWN_TRAILS): Promise<Readable<Trail[]>> {
  return isolatedRead(DESCRIBE, async () => {
    const cloudtrail = session.client('cloudtrail', region)
    const { trailList } = await cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: listing.includeShadowTrails }))
    const seen = new Set<string>()
    const selected: SdkTrail[] = []
    for (const t of trailList ?? []) {
      const arn = required(t.TrailARN, 'trailList[].TrailARN', DESCRIBE)
      if (seen.has(arn)) continue
      seen.add(arn)
      if (listing.onlyOrganizationTrails && t.IsOrganizationTrail !== true) continue
      // Without shadow trails AWS already lists only the region's own; the filter keeps a replica
      // (or another account's organization trail) from ever being read as this account's trail.
      if (!listing.includeShadowTrails && (homeRegionOf(t, arn) !== region || arnParts(arn).accountId !== accountId)) continue
      selected.push(t)
    }
    // Trails often share a bucket: its logging is read once per bucket and region.
    const bucketLoggings = new Map<string, Promise<Readable<BucketLogging>>>()
    const loggingOf = (region: string, bucket: string) => {
      const key = `${region} ${bucket}`
      if (!bucketLoggings.has(key)) bucketLoggings.set(key, readBucketLogging(session, region, bucket))
      return bucketLoggings.get(key)!
    }
    const trails = await Promise.all(selected.map((t) => readTrail(session, t, loggingOf)))
    return trails.sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0))
  })
}

function arnParts(arn: string): { region: string; accountId: string } {
  const m = ARN.exec(arn)
  if (!m) throw new MalformedResponseError(DESCRIBE, `trail ARN ${JSON.stringify(arn.slice(0, 200))} is not a CloudTrail trail ARN`)
  return { region: m[2]!, accountId: m[3]! }
}

function homeRegionOf(t: SdkTrail, arn: string): string {
  return t.HomeRegion ?? arnParts(arn).region
}

/** Reads a trail's status, selectors and bucket logging where the trail lives (its home region). */
async function readTrail(session: AwsSession, t: SdkTrail, loggingOf: (region: string, bucket: string) => Promise<Readable<BucketLogging>>): Promise<Trail> {
  const arn = t.TrailARN!
  const name = required(t.Name, 'trailList[].Name', DESCRIBE)
  const homeRegion = homeRegionOf(t, arn)
  const cloudtrail = session.client('cloudtrail', homeRegion)
  const bucket = nonEmpty(t.S3BucketName)
  const [status, selectors, bucketLogging] = await Promise.all([
    readStatus(cloudtrail, arn),
    readSelectors(cloudtrail, arn),
    bucket === undefined ? Promise.resolve(undefined) : loggingOf(homeRegion, bucket),
  ])
  const trail: Trail = {
    name,
    arn,
    accountId: arnParts(arn).accountId,
    homeRegion,
    isMultiRegion: t.IsMultiRegionTrail === true,
    isOrganizationTrail: t.IsOrganizationTrail === true,
    logFileValidation: t.LogFileValidationEnabled === true,
    status,
    selectors,
  }
  const optional = { kmsKeyId: t.KmsKeyId, s3BucketName: bucket, s3KeyPrefix: t.S3KeyPrefix, cloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn, cloudWatchLogsRoleArn: t.CloudWatchLogsRoleArn }
  for (const [key, value] of Object.entries(optional)) if (nonEmpty(value) !== undefined) (trail as Record<string, unknown>)[key] = value
  if (bucketLogging !== undefined) trail.bucketLogging = bucketLogging
  return trail
}

/** Some endpoints send "" for "not set"; the snapshot stores absence. */
function nonEmpty(value: string | undefined | null): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : value
}

function readStatus(cloudtrail: CloudTrailClient, arn: string): Promise<Readable<TrailStatus>> {
  const op = 'cloudtrail:GetTrailStatus'
  return isolatedRead(op, async () => {
    const s = await cloudtrail.send(new GetTrailStatusCommand({ Name: arn }))
    const status: TrailStatus = { isLogging: required(s.IsLogging, 'IsLogging', op) }
    const optional = {
      latestDeliveryError: nonEmpty(s.LatestDeliveryError),
      latestDeliveryTime: optionalIsoDate(s.LatestDeliveryTime),
      latestCloudWatchLogsDeliveryError: nonEmpty(s.LatestCloudWatchLogsDeliveryError),
      latestCloudWatchLogsDeliveryTime: optionalIsoDate(s.LatestCloudWatchLogsDeliveryTime),
    }
    for (const [key, value] of Object.entries(optional)) if (value !== undefined) (status as Record<string, unknown>)[key] = value
    return status
  })
}

function readSelectors(cloudtrail: CloudTrailClient, arn: string): Promise<Readable<EventSelectors>> {
  const op = 'cloudtrail:GetEventSelectors'
  return isolatedRead(op, async () => {
    const r = await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: arn }))
    return {
      basic: (r.EventSelectors ?? []).map((s) => {
        const selector: EventSelectors['basic'][number] = {
          dataResources: (s.DataResources ?? []).map((d) => ({ type: required(d.Type, 'DataResources[].Type', op), values: d.Values ?? [] })),
          excludeManagementEventSources: s.ExcludeManagementEventSources ?? [],
        }
        if (s.ReadWriteType !== undefined) selector.readWriteType = s.ReadWriteType
        if (s.IncludeManagementEvents !== undefined) selector.includeManagementEvents = s.IncludeManagementEvents
        return selector
      }),
      advanced: (r.AdvancedEventSelectors ?? []).map((s) => {
        const selector: EventSelectors['advanced'][number] = {
          fieldSelectors: (s.FieldSelectors ?? []).map((f) => {
            const field: EventSelectors['advanced'][number]['fieldSelectors'][number] = { field: required(f.Field, 'FieldSelectors[].Field', op) }
            const operators = { equals: f.Equals, notEquals: f.NotEquals, startsWith: f.StartsWith, notStartsWith: f.NotStartsWith, endsWith: f.EndsWith, notEndsWith: f.NotEndsWith }
            for (const [key, values] of Object.entries(operators)) if (values !== undefined) (field as Record<string, unknown>)[key] = values
            return field
          }),
        }
        if (s.Name !== undefined && s.Name !== '') selector.name = s.Name
        return selector
      }),
    }
  })
}

/**
 * s3:GetBucketLogging, asked in the trail's home region. A bucket elsewhere answers with a redirect
 * naming its region (x-amz-bucket-region); the read is then asked once more there. A bucket in
 * another account (a log archive) usually answers AccessDenied: that is recorded as such.
 */
export function readBucketLogging(session: AwsSession, region: string, bucket: string): Promise<Readable<BucketLogging>> {
  return isolatedRead('s3:GetBucketLogging', async () => {
    try {
      return await bucketLogging(session.client('s3', region), bucket)
    } catch (err) {
      const elsewhere = redirectRegion(err)
      if (elsewhere === undefined || elsewhere === region) throw err
      return await bucketLogging(session.client('s3', elsewhere), bucket)
    }
  })
}

async function bucketLogging(s3: S3Client, bucket: string): Promise<BucketLogging> {
  const { LoggingEnabled } = await s3.send(new GetBucketLoggingCommand({ Bucket: bucket }))
  if (!LoggingEnabled) return { enabled: false }
  const logging: BucketLogging = { enabled: true }
  if (nonEmpty(LoggingEnabled.TargetBucket) !== undefined) logging.targetBucket = LoggingEnabled.TargetBucket
  return logging
}

/** The bucket's region from S3's answer to a request sent to the wrong region (301, or 400 on a signing mismatch). */
function redirectRegion(err: unknown): string | undefined {
  const e = err as { $metadata?: { httpStatusCode?: number }; $response?: { headers?: Record<string, string | undefined> } } | null
  const status = e?.$metadata?.httpStatusCode
  if (status !== 301 && status !== 400) return undefined
  return nonEmpty(e?.$response?.headers?.['x-amz-bucket-region'])
}
