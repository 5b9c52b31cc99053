// Shapes of the CloudTrail slice (regional: AccountSnapshot.regional[region]['cloudtrail.trails']).
// A region's slice holds the trails whose HOME is that region in that account (DescribeTrails
// without shadow trails), each with its status and event selectors read in the same place; a
// multi-region trail therefore appears once, in its home region, and checks read every region
// (acrossRegions) to see the account's trails. Organization trails of the management account are
// also kept in the organization slice (organization.ts), so a member covered only by one is seen
// as covered. SDK-free so checks can import the types.
import { z } from 'zod'
import { readable } from './readable.js'
import { defineSlices } from './slice-spec.js'

/** One advanced event selector condition, as CloudTrail returns it (every operator optional). */
export const fieldSelectorSchema = z.object({
  field: z.string(),
  equals: z.array(z.string()).optional(),
  notEquals: z.array(z.string()).optional(),
  startsWith: z.array(z.string()).optional(),
  notStartsWith: z.array(z.string()).optional(),
  endsWith: z.array(z.string()).optional(),
  notEndsWith: z.array(z.string()).optional(),
})
export type FieldSelector = z.infer<typeof fieldSelectorSchema>

/** GetEventSelectors: a trail uses basic selectors or advanced ones, never both. */
export const eventSelectorsSchema = z.object({
  basic: z.array(
    z.object({
      /** ReadOnly | WriteOnly | All (AWS's default when absent is All). */
      readWriteType: z.string().optional(),
      /** AWS's default when absent is true. */
      includeManagementEvents: z.boolean().optional(),
      /** Data events: type 'AWS::S3::Object' with values such as 'arn:aws:s3' (all buckets) or 'arn:aws:s3:::bucket/'. */
      dataResources: z.array(z.object({ type: z.string(), values: z.array(z.string()) })),
      excludeManagementEventSources: z.array(z.string()),
    }),
  ),
  advanced: z.array(z.object({ name: z.string().optional(), fieldSelectors: z.array(fieldSelectorSchema) })),
})
export type EventSelectors = z.infer<typeof eventSelectorsSchema>

/** GetTrailStatus. */
export const trailStatusSchema = z.object({
  isLogging: z.boolean(),
  latestDeliveryError: z.string().optional(),
  latestDeliveryTime: z.string().optional(),
  latestCloudWatchLogsDeliveryError: z.string().optional(),
  latestCloudWatchLogsDeliveryTime: z.string().optional(),
})
export type TrailStatus = z.infer<typeof trailStatusSchema>

/** s3:GetBucketLogging on the trail's bucket (server access logging, CIS 3.4). */
export const bucketLoggingSchema = z.object({ enabled: z.boolean(), targetBucket: z.string().optional() })
export type BucketLogging = z.infer<typeof bucketLoggingSchema>

export const trailSchema = z.object({
  name: z.string(),
  arn: z.string(),
  /** The account that owns the trail (from its ARN): the management account for an organization trail. */
  accountId: z.string(),
  homeRegion: z.string(),
  isMultiRegion: z.boolean(),
  isOrganizationTrail: z.boolean(),
  logFileValidation: z.boolean(),
  kmsKeyId: z.string().optional(),
  s3BucketName: z.string().optional(),
  s3KeyPrefix: z.string().optional(),
  cloudWatchLogsLogGroupArn: z.string().optional(),
  cloudWatchLogsRoleArn: z.string().optional(),
  status: readable(trailStatusSchema),
  selectors: readable(eventSelectorsSchema),
  /** Read where the trail is collected; absent when the trail names no bucket. A bucket in another account (the log archive) is usually AccessDenied here. */
  bucketLogging: readable(bucketLoggingSchema).optional(),
})
export type Trail = z.infer<typeof trailSchema>

export const CLOUDTRAIL_SLICES = defineSlices({
  'cloudtrail.trails': { scope: 'regional', schema: z.array(trailSchema) },
})
